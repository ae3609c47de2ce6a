package io.bulwark.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class CidrAndCharacterClassTest {

    @Test
    void cidrContainsAddressesOfItsOwnFamilyOnly() throws Exception {
        Cidr v4 = Cidr.parse("10.0.0.0/8");
        assertTrue(v4.contains(InetAddress.getByName("10.255.1.2")));
        assertFalse(v4.contains(InetAddress.getByName("11.0.0.1")));
        assertFalse(v4.contains(InetAddress.getByName("::1")));

        Cidr v6 = Cidr.parse("2001:db8::/32");
        assertTrue(v6.contains(InetAddress.getByName("2001:db8:1::5")));
        assertFalse(v6.contains(InetAddress.getByName("2001:db9::1")));

        assertTrue(Cidr.parse("0.0.0.0/0").contains(InetAddress.getByName("203.0.113.9")));
        assertEquals("192.168.1.1/32", Cidr.parse("192.168.1.1").toString());
        assertEquals(Cidr.parse("10.0.0.0/8"), Cidr.parse("10.0.0.0/8"));
    }

    @Test
    void cidrRejectsWhatIsNotALiteralAddress() {
        for (String bad : new String[] {"localhost", "10.0.0", "10.0.0.01", "1.2.3.4/33", "1.2.3.4/", "::1/x",
                "fe80::1%eth0", "::ffff:10.0.0.1", "10.0.0.1/8"}) {
            assertThrows(IllegalArgumentException.class, () -> Cidr.parse(bad), bad);
        }
    }

    @Test
    void characterClassAllowsListedCharactersAndRanges() {
        CharacterClass c = CharacterClass.parse("A-Za-z0-9._:-");
        assertTrue(c.allows("Req-42_a.b:c"));
        assertFalse(c.allows("a/b"));
        assertFalse(c.allows("a\r\nb"));
        assertFalse(c.allows("caf\u00e9"));
        assertTrue(CharacterClass.parse("-a").contains('-'));
        assertEquals(CharacterClass.parse("a-c"), CharacterClass.parse("abc"));
        assertThrows(IllegalArgumentException.class, () -> CharacterClass.parse(""));
        assertThrows(IllegalArgumentException.class, () -> CharacterClass.parse("a-\u00ff"));
    }
}
