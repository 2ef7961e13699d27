package org.opensirelay.soap;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.function.Supplier;

import org.apache.cxf.binding.soap.Soap11;
import org.apache.cxf.binding.soap.SoapMessage;
import org.apache.cxf.binding.soap.SoapVersion;
import org.apache.cxf.message.Message;
import org.apache.cxf.phase.PhaseInterceptorChain;
import org.opensirelay.contract.GetDatetimeRequest;
import org.opensirelay.contract.GetDatetimeResponse;
import org.opensirelay.contract.GetOrderCreditNotesResponse;
import org.opensirelay.contract.GetOrderReturnsResponse;
import org.opensirelay.contract.GetVersionRequest;
import org.opensirelay.contract.GetVersionResponse;
import org.opensirelay.contract.OpensiPortType;
import org.opensirelay.contract.ReferenceResponses;
import org.opensirelay.contract.SetCommentsRequest;
import org.opensirelay.contract.SetOrderReturnDocumentsRequest;
import org.opensirelay.contract.SetOrderReturnStatesRequest;
import org.opensirelay.contract.types.GetRequest;
import org.opensirelay.contract.types.OrderReference;
import org.opensirelay.ingest.IngestService;
import org.opensirelay.opensi.ContractItems;
import org.opensirelay.opensi.GetSelection;
import org.opensirelay.opensi.ItemAnswer;
import org.opensirelay.opensi.OrderComment;
import org.opensirelay.opensi.ReturnDocument;
import org.opensirelay.opensi.ReturnStateItem;
import org.opensirelay.returns.ReturnChanges;
import org.opensirelay.returns.ReturnQueries;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.stereotype.Component;

/**
 * The OpenSi connector operations. Requests reach this class only once {@link ContractCheckInterceptor}
 * has authenticated them and found them valid; it maps them to items, stores them, and answers one
 * {@code return} entry per item.
 */
@Component
class OpensiEndpoint implements OpensiPortType {

    private static final Logger log = LoggerFactory.getLogger(OpensiEndpoint.class);
    /** The form OpenSi connectors answer getDatetime with. */
    private static final DateTimeFormatter DATETIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    /** Returns answered by getOrderReturns when Range_Max is nil, and at most. */
    static final int DEFAULT_COUNT = 100;

    static final int MAX_COUNT = 1000;

    private final IngestService ingest;
    private final ReturnChanges returnChanges;
    private final ReturnQueries returns;
    private final Clock clock;
    private final String version;

    OpensiEndpoint(
            IngestService ingest,
            ReturnChanges returnChanges,
            ReturnQueries returns,
            Clock clock,
            ObjectProvider<BuildProperties> build) {
        this.ingest = ingest;
        this.returnChanges = returnChanges;
        this.returns = returns;
        this.clock = clock;
        BuildProperties properties = build.getIfAvailable();
        this.version = "opensi-relay " + (properties == null ? "development" : properties.getVersion());
    }

    @Override
    public ReferenceResponses setOrderReturnDocuments(SetOrderReturnDocumentsRequest parameters) {
        InboundRequest request = InboundRequest.current();
        List<ReturnDocument> documents = parameters.getOrderReturnDocument().stream()
                .map(ContractItems::returnDocument)
                .toList();
        return answer(request, () -> ingest.storeReturnDocuments(request.website, documents));
    }

    @Override
    public ReferenceResponses setComments(SetCommentsRequest parameters) {
        InboundRequest request = InboundRequest.current();
        List<OrderComment> comments =
                parameters.getComment().stream().map(ContractItems::comment).toList();
        return answer(request, () -> ingest.storeComments(request.website, comments));
    }

    @Override
    public ReferenceResponses setOrderReturnStates(SetOrderReturnStatesRequest parameters) {
        InboundRequest request = InboundRequest.current();
        List<ReturnStateItem> states = parameters.getOrderReturnState().stream()
                .map(ContractItems::returnState)
                .toList();
        return answer(request, () -> returnChanges.applyErpStates(request.website, states));
    }

    /**
     * Returns changed for the ERP within Datetime_Min..Datetime_Max (UTC, either end open when nil),
     * or those of the orders named (which replaces the window); Range_Min records skipped,
     * Range_Max answered at most ({@value #DEFAULT_COUNT} when nil, never more than {@value #MAX_COUNT}).
     */
    @Override
    public GetOrderReturnsResponse getOrderReturns(GetRequest parameters) {
        InboundRequest request = InboundRequest.current();
        GetSelection selected = selection(parameters, "getOrderReturnsRequest");
        GetOrderReturnsResponse response = new GetOrderReturnsResponse();
        returns.forErp(request.website, selected)
                .forEach(found -> response.getReturn().add(ContractItems.toContract(found)));
        request.outcome = InboundRequest.ACCEPTED;
        return response;
    }

    /**
     * Credit notes of the refunds the relay recorded, made within Datetime_Min..Datetime_Max (UTC), or
     * those of the orders named; paged as getOrderReturns.
     */
    @Override
    public GetOrderCreditNotesResponse getOrderCreditNotes(GetRequest parameters) {
        InboundRequest request = InboundRequest.current();
        GetSelection selected = selection(parameters, "getOrderCreditNotesRequest");
        GetOrderCreditNotesResponse response = new GetOrderCreditNotesResponse();
        returns.creditNotesForErp(request.website, selected)
                .forEach(note -> response.getReturn().add(ContractItems.toContract(note)));
        request.outcome = InboundRequest.ACCEPTED;
        return response;
    }

    /**
     * What a request of the contract's common "get" shape selects: Datetime_Min..Datetime_Max (UTC,
     * either end open when nil), or the orders named (which replace the window); Range_Min records
     * skipped, Range_Max answered at most ({@value #DEFAULT_COUNT} when nil, never more than {@value #MAX_COUNT}).
     */
    /** The request's selection; a date-time that is not one is a fault naming the field. */
    private static GetSelection selection(GetRequest parameters, String requestElement) {
        return new GetSelection(
                datetime(parameters.getDatetimeMin(), "Datetime_Min", requestElement),
                datetime(parameters.getDatetimeMax(), "Datetime_Max", requestElement),
                parameters.getOrder().stream()
                        .map(OrderReference::getOrderNumber)
                        .toList(),
                parameters.getRangeMin() == null ? 0 : parameters.getRangeMin(),
                parameters.getRangeMax() == null ? DEFAULT_COUNT : Math.min(parameters.getRangeMax(), MAX_COUNT));
    }

    private static Instant datetime(String value, String field, String requestElement) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return LocalDateTime.parse(value.strip(), DATETIME).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            Violation violation = Violation.at(
                    null,
                    requestElement,
                    field,
                    "type",
                    "Datetime",
                    null,
                    "'" + value + "' is not a date-time yyyy-MM-dd HH:mm:ss");
            InboundRequest.current().refused(FaultReason.INVALID_REQUEST, violation.message());
            throw SoapFaults.invalidRequest(soapVersion(), List.of(violation));
        }
    }

    @Override
    public GetVersionResponse getVersion(GetVersionRequest parameters) {
        InboundRequest.current().outcome = InboundRequest.ACCEPTED;
        GetVersionResponse response = new GetVersionResponse();
        response.setReturn(version);
        return response;
    }

    @Override
    public GetDatetimeResponse getDatetime(GetDatetimeRequest parameters) {
        InboundRequest.current().outcome = InboundRequest.ACCEPTED;
        GetDatetimeResponse response = new GetDatetimeResponse();
        response.setReturn(LocalDateTime.now(clock).format(DATETIME));
        return response;
    }

    private ReferenceResponses answer(InboundRequest request, Supplier<List<ItemAnswer>> store) {
        List<ItemAnswer> outcomes;
        try {
            outcomes = store.get();
        } catch (RuntimeException e) {
            // Nothing was committed. The caller gets an id to quote, never our internals.
            String incident = request.id;
            log.error(
                    "Storing {} items for website {} failed (request {})",
                    request.itemCount,
                    request.websiteCode,
                    incident,
                    e);
            String message =
                    "The items could not be stored; nothing was stored and the request can be sent again (incident "
                            + incident + ")";
            request.refused(FaultReason.INTERNAL_ERROR, message + ": " + e);
            throw SoapFaults.server(soapVersion(), FaultReason.INTERNAL_ERROR, message);
        }
        request.accepted(outcomes);
        // The contract's answer has 1..n return entries: an empty request gets one that says so.
        return ContractItems.toContract(
                outcomes.isEmpty()
                        ? List.of(new ItemAnswer(
                                request.websiteCode, ItemAnswer.NO_ITEMS, "The request held no item: nothing to store"))
                        : outcomes);
    }

    private static SoapVersion soapVersion() {
        Message message = PhaseInterceptorChain.getCurrentMessage();
        return message instanceof SoapMessage soap ? soap.getVersion() : Soap11.getInstance();
    }
}
