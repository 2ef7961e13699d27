// One call of Google's generated Content API v2.1 client (@googleapis/content, the last release that
// carries orderreturns), made as a merchant tool makes it: the client created with a root URL and an
// OAuth2 client holding an access token, nothing else changed. Prints one JSON line: the answer's
// status and data, or the error as the client parsed it (code, message, errors).
//
//   node call.js <rootUrl> <accessToken> <method, e.g. orderreturns.list> '<params as JSON>'
const {content, auth} = require('@googleapis/content');

async function main() {
  const [rootUrl, accessToken, method, paramsJson] = process.argv.slice(2);
  const oauth2 = new auth.OAuth2();
  oauth2.setCredentials({access_token: accessToken});
  const client = content({version: 'v2.1', rootUrl, auth: oauth2});
  const names = method.split('.');
  const resource = names.slice(0, -1).reduce((target, name) => target[name], client);
  const params = JSON.parse(paramsJson || '{}');
  try {
    // retry: false, so that a refusal is reported once, as it came.
    const res = await resource[names[names.length - 1]](params, {retry: false});
    console.log(JSON.stringify({ok: true, status: res.status, data: res.data}));
  } catch (e) {
    console.log(JSON.stringify({
      ok: false,
      status: e.response ? e.response.status : null,
      code: e.code,
      message: e.message,
      errors: e.errors || null,
    }));
  }
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
