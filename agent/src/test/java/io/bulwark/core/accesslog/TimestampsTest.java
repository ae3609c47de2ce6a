package io.bulwark.core.accesslog;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TimestampsTest {

    private final Timestamps timestamps = new Timestamps();

    @Test
    void alwaysWritesThreeFractionDigits() {
        assertEquals("2027-01-15T08:00:00.000Z", format("2027-01-15T08:00:00Z"));
        assertEquals("2027-01-15T08:00:00.007Z", format("2027-01-15T08:00:00.007Z"));
        assertEquals("2027-01-15T08:00:00.250Z", format("2027-01-15T08:00:00.250Z"));
        assertEquals("2027-01-15T08:00:00.999Z", format("2027-01-15T08:00:00.999Z"));
    }

    @Test
    void followsTheClockAcrossSecondsDaysAndBackwards() {
        assertEquals("2027-01-15T23:59:59.999Z", format("2027-01-15T23:59:59.999Z"));
        assertEquals("2027-01-16T00:00:00.001Z", format("2027-01-16T00:00:00.001Z"));
        assertEquals("2027-01-15T23:59:59.500Z", format("2027-01-15T23:59:59.500Z"), "a clock set back");
        assertEquals("1969-12-31T23:59:59.900Z", format("1969-12-31T23:59:59.900Z"), "before the epoch");
    }

    private String format(String instant) {
        return new String(timestamps.format(Instant.parse(instant).toEpochMilli()));
    }
}
