package io.bulwark.agent;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;

/**
 * Puts the io.bulwark.bootstrap package on the bootstrap class loader's search path: its classes are copied from the
 * agent jar into a small temporary jar, which the bootstrap loader then searches. Plain JDK code, since this runs
 * first, before the application's main method: loading Byte Buddy's class injector here cost a third of a second.
 * The classes are all loaded at once, so the temporary jar is deleted at once too: a JVM that is killed leaves no
 * file behind.
 */
final class BootstrapClasses {

    private static final String PACKAGE_PATH = "io/bulwark/bootstrap/";
    /**
     * The copies' modification time: a fixed local date, since converting the current time to a zip entry's DOS
     * time would read the default time zone (~25 ms of start-up that the application may never have spent).
     */
    private static final LocalDateTime ENTRY_TIME = LocalDateTime.of(2000, 1, 1, 0, 0);

    private BootstrapClasses() {
    }

    static void appendToBootstrapLoader(Instrumentation instrumentation) throws Exception {
        File agentJar = new File(BulwarkAgent.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path bootstrapJar = newTemporaryJar();
        List<String> classNames = new ArrayList<>();
        try (JarFile jar = new JarFile(agentJar);
             JarOutputStream out = new JarOutputStream(Files.newOutputStream(bootstrapJar))) {
            Enumeration<JarEntry> entries = jar.entries();
            while (entries.hasMoreElements()) {
                JarEntry entry = entries.nextElement();
                String name = entry.getName();
                if (name.startsWith(PACKAGE_PATH) && name.endsWith(".class")) {
                    JarEntry copy = new JarEntry(name);
                    copy.setTimeLocal(ENTRY_TIME);
                    out.putNextEntry(copy);
                    try (InputStream in = jar.getInputStream(entry)) {
                        in.transferTo(out);
                    }
                    out.closeEntry();
                    if (!name.endsWith("package-info.class")) {
                        classNames.add(name.substring(0, name.length() - ".class".length()).replace('/', '.'));
                    }
                }
            }
        }
        if (classNames.isEmpty()) {
            Files.delete(bootstrapJar);
            throw new IOException("no bootstrap classes found in " + agentJar);
        }
        instrumentation.appendToBootstrapClassLoaderSearch(new JarFile(bootstrapJar.toFile()));
        try {
            for (String className : classNames) {
                Class.forName(className, false, null);
            }
            Files.delete(bootstrapJar);
        } catch (ClassNotFoundException | LinkageError | IOException notYet) {
            bootstrapJar.toFile().deleteOnExit();
        }
    }

    /**
     * Created exclusively (never an existing file or a planted link; another JVM's name is simply retried), named by
     * time rather than by File.createTempFile's SecureRandom, whose seeding alone cost ~30 ms of start-up.
     */
    private static Path newTemporaryJar() throws IOException {
        Path directory = Path.of(System.getProperty("java.io.tmpdir"));
        for (int attempt = 0; ; attempt++) {
            Path candidate = directory.resolve("bulwark-bootstrap-" + System.nanoTime() + ".jar");
            try {
                return Files.createFile(candidate);
            } catch (FileAlreadyExistsException taken) {
                if (attempt == 10) {
                    throw taken;
                }
            }
        }
    }
}
