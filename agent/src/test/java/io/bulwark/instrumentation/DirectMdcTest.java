package io.bulwark.instrumentation;

import io.bulwark.bootstrap.Mdc;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.Type;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class DirectMdcTest {

    /** Has SLF4J MDC's three static methods, keeping what it is given (one test thread). */
    public static final class ThreadContext {
        static final Map<String, String> VALUES = new HashMap<>();

        public static String get(String key) {
            return VALUES.get(key);
        }

        public static void put(String key, String value) {
            VALUES.put(key, value);
        }

        public static void remove(String key) {
            VALUES.remove(key);
        }
    }

    /** A class loader like an application's, which sees the MDC class and the bootstrap package. */
    private static final class ApplicationLoader extends ClassLoader {
        ApplicationLoader() {
            super(DirectMdcTest.class.getClassLoader());
        }

        Class<?> define(byte[] bytes) {
            return defineClass(DirectMdc.CLASS_NAME, bytes, 0, bytes.length);
        }
    }

    @Test
    void theMadeClassCallsTheMdcClassesStaticMethods() throws Exception {
        Class<?> made = new ApplicationLoader().define(DirectMdc.bytes(Type.getInternalName(ThreadContext.class)));
        Mdc.Access access = (Mdc.Access) made.getConstructor().newInstance();

        access.put("request_id", "abc");
        assertEquals("abc", ThreadContext.VALUES.get("request_id"));
        assertEquals("abc", access.get("request_id"));
        access.remove("request_id");
        assertNull(ThreadContext.get("request_id"));
        assertNull(access.get("request_id"));
    }
}
