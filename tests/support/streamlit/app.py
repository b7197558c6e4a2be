# A tiny Streamlit app for the gateway test (e2e/tests/streamlit.test.js): it shows who
# authgate let in, from the Remote-User header nginx sets, and has a button whose text
# comes back from the server, so a click proves the websocket round trip.
import streamlit as st

user = st.context.headers.get("Remote-User") or "nobody"
st.title("Protected app")
st.write(f"Signed in as {user}")

if "clicks" not in st.session_state:
    st.session_state.clicks = 0
if st.button("Count"):
    st.session_state.clicks += 1
st.write(f"Clicked {st.session_state.clicks} times")
