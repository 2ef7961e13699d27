package org.opensirelay.opensi;

/** SWO-G081 return slip as accepted from the ERP. Natural key per website: {@code returnNumber}. */
public record ReturnDocument(String returnNumber, String webReturnNumber, String url) {}
