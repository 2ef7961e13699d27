package org.opensirelay.opensi;

/**
 * The one rule for the numbers a return goes by outside the relay, so that a shop receives a
 * return's slip and its states under the same number.
 */
public final class ReturnNumbers {

    /** The contract's ReturnNumber holds at most 10 characters. */
    public static final int CONTRACT_MAX = 10;

    private ReturnNumbers() {}

    /**
     * The contract's ReturnNumber: the ERP's once it is known; until then the shop's own when it fits
     * the contract's 10 characters, else {@code W} and the relay's id in nine digits.
     */
    public static String contractNumber(long returnId, String webReturnNumber, String erpReturnNumber) {
        if (erpReturnNumber != null) {
            return erpReturnNumber;
        }
        return webReturnNumber.length() <= CONTRACT_MAX ? webReturnNumber : relayNumber(returnId);
    }

    /**
     * What a slip's Code 128 barcode carries: the shop's return number when Code 128 can encode it
     * (printable ASCII), else the contract number, else the relay's own ({@code RÉ-2001} cannot be
     * encoded: the slip showed a 500 instead).
     */
    public static String barcodeValue(long returnId, String webReturnNumber, String erpReturnNumber) {
        if (printableAscii(webReturnNumber)) {
            return webReturnNumber;
        }
        String contract = contractNumber(returnId, webReturnNumber, erpReturnNumber);
        return printableAscii(contract) ? contract : relayNumber(returnId);
    }

    private static String relayNumber(long returnId) {
        return "W%09d".formatted(returnId);
    }

    public static boolean printableAscii(String value) {
        return value != null && !value.isEmpty() && value.chars().allMatch(c -> c >= 0x20 && c <= 0x7E);
    }
}
