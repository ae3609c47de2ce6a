package io.bulwark.core.breaker;

/**
 * Stands in for lettuce's io.lettuce.core.RedisCommandExecutionException, which the classifier recognises by its
 * class name so that the agent never links lettuce.
 */
class RedisCommandExecutionException extends RuntimeException {
    RedisCommandExecutionException(String message) {
        super(message);
    }
}
