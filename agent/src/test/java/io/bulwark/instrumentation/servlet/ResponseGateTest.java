package io.bulwark.instrumentation.servlet;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResponseGateTest {

    @Test
    void theApplicationsFirstWriteKeepsTheAgentOut() {
        ResponseGate gate = new ResponseGate();
        assertTrue(gate.applicationMayWrite());
        assertTrue(gate.applicationMayWrite());
        assertFalse(gate.claimForAgent());
        assertFalse(gate.agentOwns());
    }

    @Test
    void onceTheAgentOwnsTheResponseTheApplicationWritesNothing() {
        ResponseGate gate = new ResponseGate();
        assertTrue(gate.claimForAgent());
        assertTrue(gate.agentOwns());
        assertFalse(gate.applicationMayWrite());
        assertFalse(gate.claimForAgent(), "only one agent answer");
    }

    @Test
    void commitAndCompletionStepsRunOnce() {
        ResponseGate gate = new ResponseGate();
        assertTrue(gate.firstCommit());
        assertFalse(gate.firstCommit());
        assertTrue(gate.firstCompletion());
        assertFalse(gate.firstCompletion());
    }

    @Test
    void anInterruptReachesTheHandlerOnlyWhileItRunsAndIsClearedWhenItLeaves() throws Exception {
        ResponseGate gate = new ResponseGate();
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        boolean[] clearedAfterLeaving = new boolean[1];
        Thread handler = new Thread(() -> {
            gate.handlerThread(Thread.currentThread());
            entered.countDown();
            try {
                Thread.sleep(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // a handler that keeps the flag set
                interrupted.countDown();
            }
            gate.handlerLeft();
            clearedAfterLeaving[0] = !Thread.currentThread().isInterrupted();
        });
        handler.start();
        assertTrue(entered.await(5, TimeUnit.SECONDS));
        gate.interruptHandler();
        assertTrue(interrupted.await(5, TimeUnit.SECONDS));
        handler.join(5_000);
        assertTrue(clearedAfterLeaving[0], "the pooled thread must not carry the agent's interrupt into its next request");

        gate.interruptHandler(); // nobody runs the request any more: no effect on anyone
        assertFalse(Thread.currentThread().isInterrupted());
    }
}
