package io.bulwark.agent;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Puts the io.bulwark.bootstrap package on the bootstrap class loader's search path. The build packs the package
 * as a jar of its own inside the agent jar (META-INF/bulwark/bootstrap.jar); it is copied out to a temporary file,
 * which the bootstrap loader then searches. Plain JDK code, since this runs first, before the application's main
 * method: loading Byte Buddy's class injector here cost a third of a second, and walking the agent jar's ~7,000
 * entries to pick out the package's classes another 50 ms. The classes are all loaded at once, so the temporary jar
 * is deleted at once too: a JVM that is killed leaves no file behind.
 */
final class BootstrapClasses {

    private static final String BOOTSTRAP_JAR = "META-INF/bulwark/bootstrap.jar";

    private BootstrapClasses() {
    }

    static void appendToBootstrapLoader(Instrumentation instrumentation) throws Exception {
        File agentJar = new File(BulwarkAgent.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path bootstrapJar = newTemporaryJar();
        try (JarFile jar = new JarFile(agentJar)) {
            JarEntry packed = jar.getJarEntry(BOOTSTRAP_JAR);
            if (packed == null) {
                throw new IOException(agentJar + " has no " + BOOTSTRAP_JAR + "; was it built by this project's pom?");
            }
            try (InputStream in = jar.getInputStream(packed)) {
                Files.copy(in, bootstrapJar, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | RuntimeException error) {
            Files.deleteIfExists(bootstrapJar);
            throw error;
        }
        List<String> classNames;
        try (JarFile bootstrap = new JarFile(bootstrapJar.toFile())) { // the JVM opens it again by its name
            classNames = classNames(bootstrap);
            instrumentation.appendToBootstrapClassLoaderSearch(bootstrap);
        }
        try {
            for (String className : classNames) {
                Class.forName(className, false, null);
            }
            Files.delete(bootstrapJar);
        } catch (ClassNotFoundException | LinkageError | IOException notYet) {
            bootstrapJar.toFile().deleteOnExit();
        }
    }

    private static List<String> classNames(JarFile bootstrap) throws IOException {
        List<String> classNames = new ArrayList<>();
        Enumeration<JarEntry> entries = bootstrap.entries();
        while (entries.hasMoreElements()) {
            String name = entries.nextElement().getName();
            if (name.endsWith(".class") && !name.endsWith("package-info.class")) {
                classNames.add(name.substring(0, name.length() - ".class".length()).replace('/', '.'));
            }
        }
        if (classNames.isEmpty()) {
            throw new IOException("no classes in the agent's " + BOOTSTRAP_JAR);
        }
        return classNames;
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
