package io.bulwark.agent;

import net.bytebuddy.dynamic.loading.ClassInjector;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.nio.file.Files;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/** Puts the io.bulwark.bootstrap package on the bootstrap class loader's search path. */
final class BootstrapClasses {

    private static final String PACKAGE_PATH = "io/bulwark/bootstrap/";

    private BootstrapClasses() {
    }

    static void appendToBootstrapLoader(Instrumentation instrumentation) throws Exception {
        Map<String, byte[]> classes = new HashMap<>();
        File agentJar = new File(BulwarkAgent.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        try (JarFile jar = new JarFile(agentJar)) {
            Enumeration<JarEntry> entries = jar.entries();
            while (entries.hasMoreElements()) {
                JarEntry entry = entries.nextElement();
                String name = entry.getName();
                if (name.startsWith(PACKAGE_PATH) && name.endsWith(".class")) {
                    try (InputStream in = jar.getInputStream(entry)) {
                        String className = name.substring(0, name.length() - ".class".length()).replace('/', '.');
                        classes.put(className, in.readAllBytes());
                    }
                }
            }
        }
        if (classes.isEmpty()) {
            throw new IOException("no bootstrap classes found in " + agentJar);
        }
        File folder = Files.createTempDirectory("bulwark-bootstrap").toFile();
        folder.deleteOnExit();
        ClassInjector.UsingInstrumentation.of(folder, ClassInjector.UsingInstrumentation.Target.BOOTSTRAP, instrumentation)
            .injectRaw(classes);
    }
}
