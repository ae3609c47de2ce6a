package io.bulwark.instrumentation.servlet.jakarta;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

import java.io.IOException;
import java.io.PrintWriter;

/**
 * The response the application gets in place of the container's: everything that would commit it (the first byte,
 * a flush, sendError, sendRedirect) first lets the pipeline add its headers, and nothing reaches the client once
 * the agent has answered in the application's place (a 504): the streams it then asks for have no container stream
 * behind them, and their writes are discarded.
 */
final class GuardedResponse extends HttpServletResponseWrapper {

    private final JakartaExchange exchange;
    private ServletOutputStream out;
    private PrintWriter writer;

    GuardedResponse(HttpServletResponse response, JakartaExchange exchange) {
        super(response);
        this.exchange = exchange;
    }

    @Override
    public ServletOutputStream getOutputStream() throws IOException {
        if (out == null) {
            out = new GuardedOutputStream(exchange.agentOwns() ? null : super.getOutputStream(), exchange);
        }
        return out;
    }

    @Override
    public PrintWriter getWriter() throws IOException {
        if (writer == null) {
            writer = new PrintWriter(new GuardedWriter(exchange.agentOwns() ? null : super.getWriter(), exchange));
        }
        return writer;
    }

    @Override
    public void reset() {
        if (!exchange.agentOwns()) {
            super.reset();
        }
    }

    @Override
    public void resetBuffer() {
        if (!exchange.agentOwns()) {
            super.resetBuffer();
        }
    }

    @Override
    public void flushBuffer() throws IOException {
        if (exchange.applicationWrites()) {
            super.flushBuffer();
        }
    }

    @Override
    public void sendError(int status, String message) throws IOException {
        if (exchange.applicationWrites()) {
            super.sendError(status, message);
        }
    }

    @Override
    public void sendError(int status) throws IOException {
        if (exchange.applicationWrites()) {
            super.sendError(status);
        }
    }

    @Override
    public void sendRedirect(String location) throws IOException {
        if (exchange.applicationWrites()) {
            super.sendRedirect(location);
        }
    }

    // Servlet 6.1; never called on older containers, whose API lacks them
    @Override
    public void sendRedirect(String location, int status) throws IOException {
        if (exchange.applicationWrites()) {
            super.sendRedirect(location, status);
        }
    }

    @Override
    public void sendRedirect(String location, boolean clearBuffer) throws IOException {
        if (exchange.applicationWrites()) {
            super.sendRedirect(location, clearBuffer);
        }
    }

    @Override
    public void sendRedirect(String location, int status, boolean clearBuffer) throws IOException {
        if (exchange.applicationWrites()) {
            super.sendRedirect(location, status, clearBuffer);
        }
    }
}
