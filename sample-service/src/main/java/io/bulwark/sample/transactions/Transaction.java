package io.bulwark.sample.transactions;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigDecimal;

/** A stored transaction, exactly as the API returns it and as it is cached, published and indexed. */
public record Transaction(
        @JsonProperty("id") long id,
        @JsonProperty("user_id") String userId,
        @JsonProperty("amount") BigDecimal amount,
        @JsonProperty("currency") String currency,
        @JsonProperty("type") String type,
        @JsonProperty("product") String product,
        @JsonProperty("description") String description,
        @JsonProperty("created_at") String createdAt) {
}
