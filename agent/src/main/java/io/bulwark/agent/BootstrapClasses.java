package io.bulwark.agent;

import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.util.Enumeration;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;

/**
 * Puts the io.bulwark.bootstrap package on the bootstrap class loader's search path: its classes are copied from the
 * agent jar into a small temporary jar, which the bootstrap loader then searches. Plain JDK code, since this runs
 * first, before the application's main method: loading Byte Buddy's class injector here cost a third of a second.
 */
final class BootstrapClasses {

    private static final String PACKAGE_PATH = "io/bulwark/bootstrap/";

    private BootstrapClasses() {
    }

    static void appendToBootstrapLoader(Instrumentation instrumentation) throws Exception {
        File agentJar = new File(BulwarkAgent.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        File bootstrapJar = File.createTempFile("bulwark-bootstrap", ".jar");
        bootstrapJar.deleteOnExit();
        int copied = 0;
        try (JarFile jar = new JarFile(agentJar);
             JarOutputStream out = new JarOutputStream(new FileOutputStream(bootstrapJar))) {
            Enumeration<JarEntry> entries = jar.entries();
            while (entries.hasMoreElements()) {
                JarEntry entry = entries.nextElement();
                String name = entry.getName();
                if (name.startsWith(PACKAGE_PATH) && name.endsWith(".class")) {
                    out.putNextEntry(new JarEntry(name));
                    try (InputStream in = jar.getInputStream(entry)) {
                        in.transferTo(out);
                    }
                    out.closeEntry();
                    copied++;
                }
            }
        }
        if (copied == 0) {
            throw new IOException("no bootstrap classes found in " + agentJar);
        }
        instrumentation.appendToBootstrapClassLoaderSearch(new JarFile(bootstrapJar));
    }
}
