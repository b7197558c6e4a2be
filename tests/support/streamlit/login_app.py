"""A Streamlit app that signs its users in with st.login() through authgate's OpenID
provider (e2e/tests/st-login.test.js); its [auth] secrets are written by the test."""

import streamlit as st

if not st.user.is_logged_in:
    st.write("Not signed in")
    if st.button("Log in with authgate"):
        st.login()
    st.stop()

st.write(f"Email: {st.user.email}")
st.write(f"Name: {st.user.name}")
st.write(f"Groups: {', '.join(st.user.get('groups', []))}")
if st.button("Log out"):
    st.logout()
