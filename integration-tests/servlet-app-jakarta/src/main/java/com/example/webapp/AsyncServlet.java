package com.example.webapp;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;

/** Answers from another thread after the servlet has returned (Servlet asynchronous processing). */
public class AsyncServlet extends HttpServlet {

    private static final Logger LOG = LoggerFactory.getLogger(AsyncServlet.class);

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) {
        AsyncContext async = request.startAsync(request, response);
        async.start(() -> {
            try {
                Thread.sleep(100);
                async.getResponse().setContentType("text/plain");
                async.getResponse().getWriter().println("answered asynchronously");
                LOG.info("async servlet answered");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                async.complete();
            }
        });
    }
}
