package org.opensirelay.website;

/**
 * What a website managed through the admin API keeps sealed ({@link SecretSeal}): the key its shop's
 * connector expects and its UsernameToken password, both needed in clear to be sent or checked.
 */
record SealedSecrets(String shopKey, String password) {

    static final SealedSecrets NONE = new SealedSecrets(null, null);

    static SealedSecrets open(SecretSeal seal, String sealed) {
        return WebsiteJson.JSON.readValue(seal.open(sealed), SealedSecrets.class);
    }

    String sealWith(SecretSeal seal) {
        return seal.seal(WebsiteJson.JSON.writeValueAsString(this));
    }

    boolean isEmpty() {
        return shopKey == null && password == null;
    }

    @Override
    public String toString() {
        return "SealedSecrets[<hidden>]";
    }
}
