package io.bulwark.sample.transactions;

/** The request body does not describe a valid transaction; nothing has been written. */
public class ValidationException extends RuntimeException {

    public ValidationException(String detail) {
        super(detail);
    }
}
