package com.example.webapp;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;

/**
 * Sleeps {@code ms} milliseconds, then answers. With {@code stubborn=true} it sleeps on through interrupts, like a
 * handler stuck in code that ignores them.
 */
public class SleepServlet extends HttpServlet {

    private static final Logger LOG = LoggerFactory.getLogger(SleepServlet.class);

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        long millis = Long.parseLong(request.getParameter("ms"));
        boolean stubborn = Boolean.parseBoolean(request.getParameter("stubborn"));
        long end = System.nanoTime() + millis * 1_000_000;
        while (System.nanoTime() < end) {
            try {
                Thread.sleep(Math.max(1, (end - System.nanoTime()) / 1_000_000));
            } catch (InterruptedException e) {
                LOG.info("sleep interrupted");
                if (!stubborn) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted", e);
                }
            }
        }
        LOG.info("slept {} ms", millis);
        response.setContentType("text/plain");
        response.getWriter().println("slept " + millis + " ms");
    }
}
