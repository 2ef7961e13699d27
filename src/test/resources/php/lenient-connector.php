<?php
// A lenient OpenSi connector as the real shop module builds one: PHP's SoapServer loaded with the
// contract's WSDL, SOAP 1.2 as its version. Run by LenientDifferentialTest with PHP's built-in server:
//   OPENSI_WSDL=.../opensi.wsdl OPENSI_PARSED=.../parsed.jsonl php -S 127.0.0.1:PORT lenient-connector.php
// Every call appends what SoapServer made of the request (as JSON, one line) to OPENSI_PARSED, so
// that the test can tell a request read whole from one read with fields lost.
ini_set('soap.wsdl_cache_enabled', '0');

function parsed($operation, $request) {
    file_put_contents(getenv('OPENSI_PARSED'), json_encode(['operation' => $operation, 'request' => $request]) . "\n", FILE_APPEND);
}

function items($value) {
    if ($value === null) {
        return [];
    }
    return is_array($value) ? $value : [$value];
}

class LenientConnector {
    public function setComments($request) {
        parsed('setComments', $request);
        $answers = [];
        foreach (items($request->Comment ?? null) as $comment) {
            $answers[] = ['Key' => (string) ($comment->CommentId ?? ''), 'Code' => 1001, 'Message' => 'OK'];
        }
        return ['return' => $answers];
    }

    public function setOrderReturnDocuments($request) {
        parsed('setOrderReturnDocuments', $request);
        $answers = [];
        foreach (items($request->OrderReturnDocument ?? null) as $document) {
            $answers[] = ['Key' => (string) ($document->ReturnNumber ?? ''), 'Code' => 1001, 'Message' => 'OK'];
        }
        return ['return' => $answers];
    }

    public function getOrderReturns($request) {
        parsed('getOrderReturns', $request);
        return ['return' => []];
    }
}

if ($_SERVER['REQUEST_METHOD'] !== 'POST') {
    http_response_code(405);
    return;
}
$server = new SoapServer(getenv('OPENSI_WSDL'), ['soap_version' => SOAP_1_2]);
$server->setClass('LenientConnector');
$server->handle();
