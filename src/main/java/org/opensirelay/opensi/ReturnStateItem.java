package org.opensirelay.opensi;

/**
 * One {@code OrderReturnState} item of {@code setOrderReturnStates}, either way: the ERP telling the
 * relay, and the relay telling the shop's connector.
 *
 * @param returnNumber    the ERP's number of the return (the shop's own when the ERP has none yet)
 * @param webReturnNumber the shop's number of the return
 * @param returnState     the state's name
 */
public record ReturnStateItem(String returnNumber, String webReturnNumber, String returnState) {}
