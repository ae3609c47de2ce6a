package io.bulwark.core.ratelimit;

/**
 * The bucket key of an identified user. A type of its own, so that a user never shares a bucket with an address
 * key (an {@link java.net.InetAddress}) and needs no string built per request; as text (a Redis key) "u:" + user.
 */
public record UserKey(String user) {

    @Override
    public String toString() {
        return "u:" + user;
    }
}
