package io.bulwark.sample.auth;

/** A bearer token that is malformed, wrongly signed or expired. */
public class InvalidTokenException extends Exception {

    public InvalidTokenException(String message) {
        super(message);
    }
}
