package io.bulwark.sample.transactions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.bulwark.sample.Json;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TransactionValidatorTest {

    private final ObjectMapper mapper = Json.newMapper();
    private final TransactionValidator validator = new TransactionValidator();

    private NewTransaction validate(String json) throws Exception {
        return validator.validate(mapper.readTree(json));
    }

    private String rejection(String json) throws Exception {
        JsonNode body = mapper.readTree(json);
        return assertThrows(ValidationException.class, () -> validator.validate(body)).getMessage();
    }

    @Test
    void validBodyIsNormalised() throws Exception {
        NewTransaction transaction = validate(
                "{\"amount\": 12.5, \"currency\": \"usd\", \"type\": \"Payment\", \"product\": \"card\","
                        + " \"description\": \"  coffee  \"}");
        assertEquals(new BigDecimal("12.50"), transaction.amount());
        assertEquals("USD", transaction.currency());
        assertEquals("payment", transaction.type());
        assertEquals("card", transaction.product());
        assertEquals("coffee", transaction.description());
    }

    @Test
    void descriptionIsOptional() throws Exception {
        assertEquals("", validate("{\"amount\": 1, \"currency\": \"EUR\", \"type\": \"deposit\", \"product\": \"w\"}")
                .description());
    }

    @Test
    void amountBoundariesAreAccepted() throws Exception {
        assertEquals(new BigDecimal("0.01"),
                validate("{\"amount\": 0.01, \"currency\": \"EUR\", \"type\": \"deposit\", \"product\": \"w\"}").amount());
        assertEquals(new BigDecimal("1000000.00"),
                validate("{\"amount\": 1000000, \"currency\": \"EUR\", \"type\": \"deposit\", \"product\": \"w\"}")
                        .amount());
        assertEquals(new BigDecimal("3.10"),
                validate("{\"amount\": 3.100, \"currency\": \"EUR\", \"type\": \"deposit\", \"product\": \"w\"}")
                        .amount());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-5", "0.00", "-0.01"})
    void nonPositiveAmountsAreRejected(String amount) throws Exception {
        assertEquals("amount must be greater than 0", rejection(
                "{\"amount\": " + amount + ", \"currency\": \"USD\", \"type\": \"payment\", \"product\": \"card\"}"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1000000.01", "1e12", "1e999999"})
    void absurdAmountsAreRejected(String amount) throws Exception {
        assertEquals("amount must not exceed 1000000", rejection(
                "{\"amount\": " + amount + ", \"currency\": \"USD\", \"type\": \"payment\", \"product\": \"card\"}"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.234", "0.001", "1e-999999"})
    void amountsWithMoreThanTwoDecimalsAreRejected(String amount) throws Exception {
        assertEquals("amount must have at most 2 decimal places", rejection(
                "{\"amount\": " + amount + ", \"currency\": \"USD\", \"type\": \"payment\", \"product\": \"card\"}"));
    }

    @Test
    void amountMustBeANumber() throws Exception {
        assertEquals("amount must be a JSON number",
                rejection("{\"amount\": \"10\", \"currency\": \"USD\", \"type\": \"payment\", \"product\": \"card\"}"));
        assertEquals("amount is required",
                rejection("{\"amount\": null, \"currency\": \"USD\", \"type\": \"payment\", \"product\": \"card\"}"));
    }

    @Test
    void missingFieldsAreNamed() throws Exception {
        assertEquals("amount is required", rejection("{\"currency\": \"USD\", \"type\": \"payment\", \"product\": \"c\"}"));
        assertEquals("currency is required", rejection("{\"amount\": 1, \"type\": \"payment\", \"product\": \"c\"}"));
        assertEquals("type is required", rejection("{\"amount\": 1, \"currency\": \"USD\", \"product\": \"c\"}"));
        assertEquals("product is required", rejection("{\"amount\": 1, \"currency\": \"USD\", \"type\": \"payment\"}"));
    }

    @Test
    void unknownCurrencyAndTypeAreRejected() throws Exception {
        assertEquals(true, rejection("{\"amount\": 1, \"currency\": \"XYZ\", \"type\": \"payment\", \"product\": \"c\"}")
                .startsWith("currency must be one of"));
        assertEquals(true, rejection("{\"amount\": 1, \"currency\": \"USD\", \"type\": \"gift\", \"product\": \"c\"}")
                .startsWith("type must be one of"));
    }

    @Test
    void wrongShapesAreRejected() throws Exception {
        assertEquals("request body must be a JSON object", rejection("[1, 2]"));
        assertEquals("currency must be a string",
                rejection("{\"amount\": 1, \"currency\": 840, \"type\": \"payment\", \"product\": \"c\"}"));
        assertEquals("product must not be empty",
                rejection("{\"amount\": 1, \"currency\": \"USD\", \"type\": \"payment\", \"product\": \"  \"}"));
        assertEquals(true, rejection("{\"amount\": 1, \"currency\": \"USD\", \"type\": \"payment\", \"product\": \"a\\nb\"}")
                .startsWith("product must be"));
        assertEquals("description must be at most 500 characters", rejection(
                "{\"amount\": 1, \"currency\": \"USD\", \"type\": \"payment\", \"product\": \"c\", \"description\": \""
                        + "x".repeat(501) + "\"}"));
    }

    @Test
    void requestBodiesWithTrailingGarbageOrDuplicateKeysAreRejected() throws Exception {
        ObjectReader strict = Json.strictTreeReader(mapper);
        assertThrows(Exception.class, () -> strict.readTree("{\"amount\": 1} trailing"));
        assertThrows(Exception.class, () -> strict.readTree("{\"amount\": 1, \"amount\": 2}"));
        // exact decimal, never a double
        assertEquals(0, new BigDecimal("0.10").compareTo(strict.readTree("{\"amount\": 0.10}").get("amount").decimalValue()));
    }
}
