package io.bulwark.sample.transactions;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** Turns a JSON request body into a {@link NewTransaction}, rejecting anything the service would not store. */
public final class TransactionValidator {

    public static final BigDecimal MAX_AMOUNT = new BigDecimal("1000000");
    public static final Set<String> CURRENCIES = Set.of(
            "USD", "EUR", "GBP", "JPY", "CHF", "CAD", "AUD", "BRL", "ARS", "MXN", "CLP", "COP", "PEN", "UYU");
    public static final Set<String> TYPES = Set.of("deposit", "withdrawal", "transfer", "payment", "refund");
    public static final int MAX_DESCRIPTION_LENGTH = 500;
    // product is a metric tag: keep it short and plain so label values stay tame
    private static final Pattern PRODUCT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9 _.-]{0,63}");

    public NewTransaction validate(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new ValidationException("request body must be a JSON object");
        }
        BigDecimal amount = amount(body.get("amount"));
        String currency = requiredText(body, "currency").toUpperCase(Locale.ROOT);
        if (!CURRENCIES.contains(currency)) {
            throw new ValidationException("currency must be one of " + sorted(CURRENCIES));
        }
        String type = requiredText(body, "type").toLowerCase(Locale.ROOT);
        if (!TYPES.contains(type)) {
            throw new ValidationException("type must be one of " + sorted(TYPES));
        }
        String product = requiredText(body, "product");
        if (!PRODUCT.matcher(product).matches()) {
            throw new ValidationException(
                    "product must be 1 to 64 letters, digits, spaces, '_', '.' or '-', starting with a letter or digit");
        }
        String description = description(body.get("description"));
        return new NewTransaction(amount, currency, type, product, description);
    }

    private static BigDecimal amount(JsonNode node) {
        if (node == null || node.isNull()) {
            throw new ValidationException("amount is required");
        }
        if (!node.isNumber()) {
            throw new ValidationException("amount must be a JSON number");
        }
        BigDecimal amount = node.decimalValue();
        if (amount.signum() <= 0) {
            throw new ValidationException("amount must be greater than 0");
        }
        // range first: it bounds the work stripTrailingZeros does on absurd exponents
        if (amount.compareTo(MAX_AMOUNT) > 0) {
            throw new ValidationException("amount must not exceed " + MAX_AMOUNT.toPlainString());
        }
        if (amount.stripTrailingZeros().scale() > 2) {
            throw new ValidationException("amount must have at most 2 decimal places");
        }
        return amount.setScale(2, RoundingMode.UNNECESSARY);
    }

    private static String requiredText(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            throw new ValidationException(field + " is required");
        }
        if (!node.isTextual()) {
            throw new ValidationException(field + " must be a string");
        }
        String value = node.asText().trim();
        if (value.isEmpty()) {
            throw new ValidationException(field + " must not be empty");
        }
        return value;
    }

    private static String description(JsonNode node) {
        if (node == null || node.isNull()) {
            return "";
        }
        if (!node.isTextual()) {
            throw new ValidationException("description must be a string");
        }
        String description = node.asText().trim();
        if (description.length() > MAX_DESCRIPTION_LENGTH) {
            throw new ValidationException("description must be at most " + MAX_DESCRIPTION_LENGTH + " characters");
        }
        return description;
    }

    private static String sorted(Set<String> values) {
        return String.join(", ", values.stream().sorted().toList());
    }
}
