package io.bulwark.sample.search;

/** Elasticsearch could not answer a search. */
public class SearchUnavailableException extends Exception {

    public SearchUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
