package io.bulwark.sample.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.bulwark.sample.Json;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reading request bodies and writing JSON responses. Body reading needs a blocking (worker-thread) exchange. */
public final class HttpJson {

    public static final int MAX_BODY_BYTES = 64 * 1024;

    private final ObjectMapper mapper;
    private final ObjectReader requestReader;

    public HttpJson(ObjectMapper mapper) {
        this.mapper = mapper;
        this.requestReader = Json.strictTreeReader(mapper);
    }

    public JsonNode readJson(HttpServerExchange exchange) throws IOException {
        byte[] body = readBody(exchange);
        if (body.length == 0) {
            throw new ApiException(400, "invalid_json", "request body is empty");
        }
        try {
            return requestReader.readTree(body);
        } catch (JsonProcessingException e) {
            throw new ApiException(400, "invalid_json", "request body is not valid JSON: " + e.getOriginalMessage());
        }
    }

    public byte[] readBody(HttpServerExchange exchange) throws IOException {
        InputStream in = exchange.getInputStream();
        byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
        if (body.length > MAX_BODY_BYTES) {
            throw new ApiException(413, "payload_too_large", "request body exceeds " + MAX_BODY_BYTES + " bytes");
        }
        return body;
    }

    public void send(HttpServerExchange exchange, int status, Object body) {
        byte[] json;
        try {
            json = mapper.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Response is not serialisable", e);
        }
        exchange.setStatusCode(status);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
        exchange.getResponseSender().send(ByteBuffer.wrap(json));
    }

    public void sendError(HttpServerExchange exchange, int status, String error, String detail) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("detail", detail);
        send(exchange, status, body);
    }

    /** The first value of a query parameter, or null. */
    public static String queryParameter(HttpServerExchange exchange, String name) {
        Deque<String> values = exchange.getQueryParameters().get(name);
        return values == null || values.isEmpty() ? null : values.getFirst();
    }
}
