package com.example.undertowapp;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;

/** Answers with the name of the class loader that loaded it. */
public class HelloServlet extends HttpServlet {

    private static final Logger LOG = LoggerFactory.getLogger(HelloServlet.class);

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        LOG.info("hello servlet ran");
        response.setContentType("text/plain");
        response.getWriter().println("hello from " + getClass().getClassLoader().getClass().getSimpleName());
    }
}
