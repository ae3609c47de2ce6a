import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.util.Collections;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Which classes of an application jar the agent's pre-filter would hand to Byte Buddy (its candidates), with every
 * instrumentation on as in the benchmark's configurations: a count that does not move with the machine, unlike the
 * start-up time, which each candidate's parse (and its super types') adds to. Reads the agent's package-private
 * filter reflectively; run it against the agent jar it measures:
 * {@code java -cp agent/target/bulwark-agent.jar benchmarks/probes/CandidateClasses.java
 * sample-service/target/sample-service.jar} (see BENCHMARKS.md, Before and after).
 */
public class CandidateClasses {

    public static void main(String[] args) throws Exception {
        Method all = Class.forName("io.bulwark.agent.Instrumentations")
            .getDeclaredMethod("all", boolean.class, boolean.class);
        all.setAccessible(true);
        List<?> libraries = (List<?>) all.invoke(null, true, false); // application meters on, SQL comments off
        Class<?> candidatesType = Class.forName("io.bulwark.instrumentation.Candidates");
        Object candidates = candidatesType.getMethod("named", String[].class).invoke(null, (Object) new String[0]);
        for (Object library : libraries) {
            Method own = Class.forName("io.bulwark.instrumentation.LibraryInstrumentation").getMethod("candidates");
            candidates = candidatesType.getMethod("and", candidatesType).invoke(candidates, own.invoke(library));
        }
        Class<?> filterType = Class.forName("io.bulwark.instrumentation.CandidateFilter");
        Constructor<?> create = filterType.getDeclaredConstructor(candidatesType);
        create.setAccessible(true);
        Object filter = create.newInstance(candidates);
        Method isCandidate = filterType.getDeclaredMethod("isCandidate", ClassLoader.class, String.class, byte[].class);
        isCandidate.setAccessible(true);

        ClassLoader application = new ClassLoader() { }; // any loader but the JDK's
        int classes = 0;
        int found = 0;
        try (ZipFile jar = new ZipFile(args[0])) {
            for (ZipEntry entry : Collections.list(jar.entries())) {
                String name = entry.getName();
                if (!name.endsWith(".class") || name.startsWith("META-INF/") || name.endsWith("module-info.class")) {
                    continue;
                }
                classes++;
                String internalName = name.substring(0, name.length() - ".class".length());
                byte[] classFile = jar.getInputStream(entry).readAllBytes();
                if ((Boolean) isCandidate.invoke(filter, application, internalName, classFile)) {
                    found++;
                    System.out.println(internalName);
                }
            }
        }
        System.out.println(found + " candidates of " + classes + " classes");
    }
}
