package io.bulwark.instrumentation.servlet.javax;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;

/**
 * The container's writer behind the response's commit hook and the agent's preemption (see GuardedResponse). The
 * application gets it inside a PrintWriter, whose every print and println comes through here. No container writer
 * (null) when the agent had answered before the application asked for one.
 */
final class GuardedWriter extends Writer {

    private final PrintWriter out;
    private final JavaxExchange exchange;

    GuardedWriter(PrintWriter out, JavaxExchange exchange) {
        this.out = out;
        this.exchange = exchange;
    }

    @Override
    public void write(char[] chars, int offset, int length) {
        if (exchange.applicationWrites()) {
            out.write(chars, offset, length);
        }
    }

    @Override
    public void write(String text, int offset, int length) {
        if (exchange.applicationWrites()) {
            out.write(text, offset, length);
        }
    }

    @Override
    public void write(int c) {
        if (exchange.applicationWrites()) {
            out.write(c);
        }
    }

    /** The container's writer hides I/O errors; surfacing them here keeps PrintWriter.checkError() truthful. */
    @Override
    public void flush() throws IOException {
        if (exchange.applicationWrites()) {
            out.flush();
            if (out.checkError()) {
                throw new IOException("the response could not be written");
            }
        }
    }

    @Override
    public void close() {
        if (exchange.applicationWrites()) {
            out.close();
        }
    }
}
