package io.bulwark.instrumentation.undertow;

import org.xnio.channels.StreamSourceChannel;
import org.xnio.conduits.AbstractStreamSinkConduit;
import org.xnio.conduits.StreamSinkConduit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Sits in front of Undertow's response conduit so the agent can answer a request in place of the application (a 504
 * after the timeout): writes reach the connection only when the {@link ResponseOwner} lets them; the others are
 * swallowed as if they had been sent. So a late handler can corrupt neither the agent's answer nor the next request
 * on the same keep-alive connection.
 */
final class PreemptionGate extends AbstractStreamSinkConduit<StreamSinkConduit> {

    private final ResponseOwner owner;

    PreemptionGate(StreamSinkConduit next, ResponseOwner owner) {
        super(next);
        this.owner = owner;
    }

    private boolean passes() {
        return owner.mayWrite();
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        if (passes()) {
            return next.write(src);
        }
        return swallow(src);
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        if (passes()) {
            return next.write(srcs, offset, length);
        }
        long total = 0;
        for (int i = offset; i < offset + length; i++) {
            total += swallow(srcs[i]);
        }
        return total;
    }

    @Override
    public int writeFinal(ByteBuffer src) throws IOException {
        if (passes()) {
            return next.writeFinal(src);
        }
        return swallow(src);
    }

    @Override
    public long writeFinal(ByteBuffer[] srcs, int offset, int length) throws IOException {
        if (passes()) {
            return next.writeFinal(srcs, offset, length);
        }
        return write(srcs, offset, length);
    }

    @Override
    public long transferFrom(FileChannel src, long position, long count) throws IOException {
        return passes() ? next.transferFrom(src, position, count) : count;
    }

    @Override
    public long transferFrom(StreamSourceChannel source, long count, ByteBuffer throughBuffer) throws IOException {
        if (passes()) {
            return next.transferFrom(source, count, throughBuffer);
        }
        throughBuffer.clear().limit(0);
        return -1;
    }

    @Override
    public void terminateWrites() throws IOException {
        if (passes()) {
            next.terminateWrites();
        }
    }

    @Override
    public void truncateWrites() throws IOException {
        if (passes()) {
            next.truncateWrites();
        }
    }

    @Override
    public boolean flush() throws IOException {
        return !passes() || next.flush();
    }

    private static int swallow(ByteBuffer src) {
        int length = src.remaining();
        src.position(src.limit());
        return length;
    }
}
