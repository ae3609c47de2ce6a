package io.bulwark.testbed;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** SIGSTOP/SIGCONT (not reachable through ProcessHandle) and process-tree helpers. */
public final class Signals {

    private Signals() {
    }

    /** Freezes the processes: they keep their sockets but answer nothing. */
    public static void pause(List<Long> pids) {
        send("-STOP", pids);
    }

    public static void resume(List<Long> pids) {
        send("-CONT", pids);
    }

    /** The process and all its descendants, parent first. */
    public static List<Long> tree(long pid) {
        List<Long> pids = new ArrayList<>();
        ProcessHandle.of(pid).ifPresent(root -> {
            pids.add(root.pid());
            root.descendants().forEach(child -> pids.add(child.pid()));
        });
        return pids;
    }

    /** SIGKILL for the process and its descendants, then waits until they are gone. */
    public static void killTree(long pid) {
        List<ProcessHandle> handles = new ArrayList<>();
        ProcessHandle.of(pid).ifPresent(root -> {
            handles.add(root);
            root.descendants().forEach(handles::add);
        });
        handles.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle handle : handles) {
            try {
                handle.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("process " + handle.pid() + " did not die after SIGKILL", e);
            }
        }
    }

    private static void send(String signal, List<Long> pids) {
        if (pids.isEmpty()) {
            return;
        }
        List<String> command = new ArrayList<>(List.of("kill", signal));
        pids.forEach(pid -> command.add(Long.toString(pid)));
        try {
            Process kill = new ProcessBuilder(command).redirectErrorStream(true).start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: "
                    + new String(kill.getInputStream().readAllBytes()).strip());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
