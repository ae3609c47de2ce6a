package io.bulwark.core.identity;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/** Reads an RSA or EC public key from a PEM file: a {@code PUBLIC KEY} (SubjectPublicKeyInfo) or a {@code CERTIFICATE}. */
final class PemPublicKeys {

    private static final int MAX_FILE_LENGTH = 64 * 1024;

    private PemPublicKeys() {
    }

    /** @throws IOException when the file cannot be read or holds no supported key; the message says which */
    static PublicKey read(Path file) throws IOException {
        if (Files.size(file) > MAX_FILE_LENGTH) {
            throw new IOException(file + " is larger than " + MAX_FILE_LENGTH + " bytes, not a PEM public key");
        }
        String pem = Files.readString(file, StandardCharsets.US_ASCII);
        try {
            byte[] publicKey = block(pem, "PUBLIC KEY");
            if (publicKey != null) {
                return rsaOrEc(new X509EncodedKeySpec(publicKey));
            }
            byte[] certificate = block(pem, "CERTIFICATE");
            if (certificate != null) {
                return CertificateFactory.getInstance("X.509")
                        .generateCertificate(new ByteArrayInputStream(certificate)).getPublicKey();
            }
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IOException(file + " holds no valid RSA or EC public key: " + e.getMessage(), e);
        }
        throw new IOException(file + " has no '-----BEGIN PUBLIC KEY-----' or '-----BEGIN CERTIFICATE-----' block");
    }

    private static PublicKey rsaOrEc(X509EncodedKeySpec spec) throws GeneralSecurityException {
        try {
            return KeyFactory.getInstance("RSA").generatePublic(spec);
        } catch (InvalidKeySpecException notRsa) {
            return KeyFactory.getInstance("EC").generatePublic(spec);
        }
    }

    private static byte[] block(String pem, String type) {
        String begin = "-----BEGIN " + type + "-----";
        String end = "-----END " + type + "-----";
        int start = pem.indexOf(begin);
        if (start < 0) {
            return null;
        }
        int stop = pem.indexOf(end, start);
        if (stop < 0) {
            throw new IllegalArgumentException("no '" + end + "' line");
        }
        return Base64.getMimeDecoder().decode(pem.substring(start + begin.length(), stop));
    }
}
