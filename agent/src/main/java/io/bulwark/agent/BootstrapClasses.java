package io.bulwark.agent;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.ProtectionDomain;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarInputStream;

/**
 * Makes the io.bulwark.bootstrap package visible to every class loader, by defining its classes in the bootstrap
 * class loader. The build packs the package as a jar of its own inside the agent jar
 * (META-INF/bulwark/bootstrap.jar).
 *
 * <p>Defined directly, through the JDK's internal Unsafe (its package exported to the agent alone, as an agent may):
 * appending a jar to the bootstrap search path instead makes the JVM print "Sharing is only supported for boot
 * loader classes because bootstrap classpath has been appended" and stop mapping the application's classes from
 * its class-data-sharing archive (AppCDS). When this JDK refuses that, the jar is appended as before: copied to a
 * temporary file, which is deleted once its classes are loaded. Plain JDK code, since this runs first, before the
 * application's main method.
 */
final class BootstrapClasses {

    private static final String BOOTSTRAP_JAR = "META-INF/bulwark/bootstrap.jar";

    private BootstrapClasses() {
    }

    static void defineInBootstrapLoader(Instrumentation instrumentation) throws Exception {
        byte[] packed = packedJar();
        Map<String, byte[]> classes = classes(packed);
        if (!defineDirectly(instrumentation, classes)) {
            appendToSearchPath(instrumentation, packed, classes.keySet());
        }
    }

    private static byte[] packedJar() throws Exception {
        File agentJar = new File(BulwarkAgent.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        try (JarFile jar = new JarFile(agentJar)) {
            JarEntry packed = jar.getJarEntry(BOOTSTRAP_JAR);
            if (packed == null) {
                throw new IOException(agentJar + " has no " + BOOTSTRAP_JAR + "; was it built by this project's pom?");
            }
            try (InputStream in = jar.getInputStream(packed)) {
                return in.readAllBytes();
            }
        }
    }

    /** The packed jar's classes by binary name, in the jar's order. */
    private static Map<String, byte[]> classes(byte[] packed) throws IOException {
        Map<String, byte[]> classes = new LinkedHashMap<>();
        try (JarInputStream jar = new JarInputStream(new ByteArrayInputStream(packed))) {
            for (JarEntry entry; (entry = jar.getNextJarEntry()) != null; ) {
                String name = entry.getName();
                if (name.endsWith(".class") && !name.endsWith("package-info.class")) {
                    classes.put(name.substring(0, name.length() - ".class".length()).replace('/', '.'),
                        jar.readAllBytes());
                }
            }
        }
        if (classes.isEmpty()) {
            throw new IOException("no classes in the agent's " + BOOTSTRAP_JAR);
        }
        return classes;
    }

    /**
     * Defines every class in the bootstrap loader; false when this JDK does not let it (the search path then
     * supplies whatever is not defined yet). A class whose super type is not yet defined fails with
     * NoClassDefFoundError and is tried again after the others, so the jar's order does not matter.
     */
    private static boolean defineDirectly(Instrumentation instrumentation, Map<String, byte[]> classes) {
        try {
            MethodHandle define = unsafeDefineClass(instrumentation);
            Map<String, byte[]> pending = new LinkedHashMap<>(classes);
            while (!pending.isEmpty()) {
                int before = pending.size();
                for (Iterator<Map.Entry<String, byte[]>> next = pending.entrySet().iterator(); next.hasNext(); ) {
                    Map.Entry<String, byte[]> type = next.next();
                    byte[] bytes = type.getValue();
                    try {
                        // the local gives invokeExact the call's exact return type
                        Class<?> defined = (Class<?>) define.invokeExact(type.getKey(), bytes, 0, bytes.length,
                            (ClassLoader) null, (ProtectionDomain) null);
                        next.remove();
                    } catch (NoClassDefFoundError superTypeNotYetDefined) {
                        // tried again in the next pass
                    }
                }
                if (pending.size() == before) {
                    return false; // not a matter of order
                }
            }
            return true;
        } catch (RuntimeException | LinkageError refused) {
            return false;
        } catch (Error error) {
            throw error;
        } catch (Throwable refused) { // the lookups' ReflectiveOperationException; defineClass declares none
            return false;
        }
    }

    /** jdk.internal.misc.Unsafe#defineClass bound to the Unsafe instance: (name, bytes, offset, length, loader, domain). */
    private static MethodHandle unsafeDefineClass(Instrumentation instrumentation) throws Throwable {
        instrumentation.redefineModule(Object.class.getModule(), Set.of(),
            Map.of("jdk.internal.misc", Set.of(BootstrapClasses.class.getModule())), Map.of(), Set.of(), Map.of());
        Class<?> unsafeType = Class.forName("jdk.internal.misc.Unsafe");
        MethodHandles.Lookup lookup = MethodHandles.lookup();
        Object unsafe = lookup.findStatic(unsafeType, "getUnsafe", MethodType.methodType(unsafeType)).invoke();
        return lookup.findVirtual(unsafeType, "defineClass", MethodType.methodType(Class.class, String.class,
                byte[].class, int.class, int.class, ClassLoader.class, ProtectionDomain.class))
            .bindTo(unsafe);
    }

    private static void appendToSearchPath(Instrumentation instrumentation, byte[] packed, Set<String> classNames)
        throws IOException {
        Path bootstrapJar = newTemporaryJar();
        try {
            Files.write(bootstrapJar, packed);
            try (JarFile bootstrap = new JarFile(bootstrapJar.toFile())) { // the JVM opens it again by its name
                instrumentation.appendToBootstrapClassLoaderSearch(bootstrap);
            }
        } catch (IOException | RuntimeException error) {
            Files.deleteIfExists(bootstrapJar);
            throw error;
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
