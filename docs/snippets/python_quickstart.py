# The official Python client speaks only https: start the fake with --https-port 8443, trust its certificate
#   curl -o cio-fake-ca.pem http://127.0.0.1:8091/__cio/tls/ca.pem && export REQUESTS_CA_BUNDLE=$PWD/cio-fake-ca.pem
# and point host/port at it (customerio 3.x).
from customerio import CustomerIO, APIClient, SendEmailRequest

track = CustomerIO("cio-fake-site", "cio-fake-track-key", host="localhost", port=8443, url_prefix="api/v1")
api = APIClient("cio-fake-app-key", url="https://localhost:8443")

track.identify(id="42", email="ada@example.com", plan="pro")
track.track(customer_id="42", name="signed_up", plan="pro")
api.send_email(SendEmailRequest(transactional_message_id=3, to="ada@example.com", identifiers={"id": "42"}))
