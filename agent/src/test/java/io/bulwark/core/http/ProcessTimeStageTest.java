package io.bulwark.core.http;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ProcessTimeStageTest {

    @Test
    void formatsSecondsWithMicrosecondPrecision() {
        assertEquals("0.000000", ProcessTimeStage.seconds(0));
        assertEquals("0.001234", ProcessTimeStage.seconds(1_234_567));
        assertEquals("2.500000", ProcessTimeStage.seconds(2_500_000_000L));
        assertEquals("0.000000", ProcessTimeStage.seconds(-5));
        assertEquals("10.000001", ProcessTimeStage.seconds(10_000_001_000L));
        assertEquals("123.456789", ProcessTimeStage.seconds(123_456_789_999L));
    }
}
