package dev.tributary.vault.internal;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Seals one secret as {@code v1:<keyId>:<base64 nonce>:<base64 ciphertext+tag>} with AES-256-GCM.
 * The scope and name are the associated data, so a value copied to another entry does not open;
 * every seal draws a fresh nonce. Opening fails closed: a value that does not authenticate throws.
 */
final class SecretCipher {

    static final String VERSION = "v1";
    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private SecretCipher() {
    }

    static String seal(MasterKey key, String scope, String name, char[] secret) {
        byte[] plain = utf8(secret);
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.ENCRYPT_MODE, key.spec(), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData(scope, name));
            byte[] sealed = cipher.doFinal(plain);
            Base64.Encoder base64 = Base64.getEncoder();
            return VERSION + ":" + key.id() + ":" + base64.encodeToString(nonce) + ":" + base64.encodeToString(sealed);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encrypt the vault entry " + scope + "/" + name + ": " + e, e);
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    /** The secret of a sealed value; the caller owns (and should clear) the array. */
    static char[] open(MasterKey key, String scope, String name, String value) {
        String[] parts = value.split(":", -1);
        if (parts.length != 4 || !parts[0].equals(VERSION)) {
            throw new IllegalStateException("the vault entry " + scope + "/" + name + " is damaged: it is not "
                    + VERSION + ":<key id>:<nonce>:<ciphertext>");
        }
        if (!parts[1].equals(key.id())) {
            throw new IllegalStateException("the vault entry " + scope + "/" + name + " was written with master key " + parts[1]
                    + ", not with the current key " + key.id());
        }
        String altered = "cannot decrypt the vault entry " + scope + "/" + name
                + ": the master key does not match or the entry was altered";
        byte[] nonce;
        byte[] sealed;
        try {
            nonce = Base64.getDecoder().decode(parts[2]);
            sealed = Base64.getDecoder().decode(parts[3]);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(altered);
        }
        if (nonce.length != NONCE_BYTES) {
            throw new IllegalStateException(altered);
        }
        byte[] plain = null;
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.DECRYPT_MODE, key.spec(), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData(scope, name));
            plain = cipher.doFinal(sealed);
            return chars(plain);
        } catch (AEADBadTagException e) {
            throw new IllegalStateException(altered, e);
        } catch (GeneralSecurityException | CharacterCodingException e) {
            throw new IllegalStateException("cannot decrypt the vault entry " + scope + "/" + name + ": " + e, e);
        } finally {
            if (plain != null) {
                Arrays.fill(plain, (byte) 0);
            }
        }
    }

    /** The key id a sealed value names, or null when it is not a sealed value. */
    static String keyIdOf(String value) {
        String[] parts = value.split(":", -1);
        return parts.length == 4 && parts[0].equals(VERSION) ? parts[1] : null;
    }

    private static byte[] associatedData(String scope, String name) {
        return (scope + "\u0000" + name).getBytes(StandardCharsets.UTF_8);
    }

    // Through the coders rather than String, so the plain text sits only in arrays we clear.
    private static byte[] utf8(char[] secret) {
        ByteBuffer buffer;
        try {
            buffer = StandardCharsets.UTF_8.newEncoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).encode(CharBuffer.wrap(secret));
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("the secret is not valid Unicode text (it holds a lone surrogate)");
        }
        byte[] bytes = Arrays.copyOfRange(buffer.array(), buffer.position(), buffer.limit());
        Arrays.fill(buffer.array(), (byte) 0);
        return bytes;
    }

    private static char[] chars(byte[] utf8) throws CharacterCodingException {
        CharBuffer buffer = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(utf8));
        char[] chars = Arrays.copyOfRange(buffer.array(), buffer.position(), buffer.limit());
        Arrays.fill(buffer.array(), '\0');
        return chars;
    }
}
