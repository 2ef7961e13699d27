// An ERP's client made by node soap from the relay's ?wsdl alone: it calls getOrderReturns and prints
// the answer as JSON. Usage: node get-order-returns.js WSDL_URL KEY WEBSITE_CODE
const soap = require('soap');

const [wsdl, key, websiteCode] = process.argv.slice(2);

(async () => {
  const client = await soap.createClientAsync(wsdl);
  client.addSoapHeader('<open:Header xmlns:open="http://www.opensi.fr"><open:key>' + key + '</open:key></open:Header>');
  try {
    const [answer] = await client.getOrderReturnsAsync({
      Datetime_Min: '2026-11-01 00:00:00', Datetime_Max: '2026-12-31 23:59:59', Range_Min: 0, Range_Max: 100, Website_Code: websiteCode,
    });
    const returns = answer && answer.return ? [].concat(answer.return) : [];
    console.log(JSON.stringify({ returns }));
  } catch (error) {
    console.log(JSON.stringify({ fault: error.root ? JSON.stringify(error.root.Envelope.Body.Fault) : String(error) }));
  }
})();
