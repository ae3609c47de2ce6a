package io.bulwark.sample.transactions;

import java.math.BigDecimal;

/** A validated request to create a transaction; not yet stored. */
public record NewTransaction(BigDecimal amount, String currency, String type, String product, String description) {
}
