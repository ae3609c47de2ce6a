package io.bulwark.instrumentation.servlet.javax;

import javax.servlet.ServletOutputStream;
import javax.servlet.WriteListener;

import java.io.IOException;

/**
 * The container's output stream behind the response's commit hook and the agent's preemption (see GuardedResponse);
 * none (null) when the agent had answered before the application asked for a stream.
 */
final class GuardedOutputStream extends ServletOutputStream {

    private final ServletOutputStream out;
    private final JavaxExchange exchange;

    GuardedOutputStream(ServletOutputStream out, JavaxExchange exchange) {
        this.out = out;
        this.exchange = exchange;
    }

    @Override
    public void write(int b) throws IOException {
        if (exchange.applicationWrites()) {
            out.write(b);
        }
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        if (exchange.applicationWrites()) {
            out.write(bytes, offset, length);
        }
    }

    @Override
    public void flush() throws IOException {
        if (exchange.applicationWrites()) {
            out.flush();
        }
    }

    @Override
    public void close() throws IOException {
        if (exchange.applicationWrites()) {
            out.close();
        }
    }

    @Override
    public boolean isReady() {
        return out == null || out.isReady();
    }

    @Override
    public void setWriteListener(WriteListener listener) {
        if (out != null) {
            out.setWriteListener(listener);
        }
    }
}
