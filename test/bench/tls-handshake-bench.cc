/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// The pure OpenSSL cost of a storm's handshakes: an in-memory client/server pair (a BIO pair,
// no sockets, no simulator) does `--full` full and `--resumed` resumed TLS 1.2 ECDHE
// handshakes with the storm's certificate (TestPkiHelper seed 1, like StormScenario), the
// client verifying the chain as the modules do. Prints one JSON object with the wall seconds.
// test/bench/storm-bench.py divides the storm's wall time by this.

#include "ns3/test-pki-helper.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509_vfy.h>
#include <string>

using namespace ns3::lpwa;

namespace
{

[[noreturn]] void
Die(const std::string& what)
{
    std::fprintf(stderr, "tls-handshake-bench: %s\n", what.c_str());
    ERR_print_errors_fp(stderr);
    std::exit(1);
}

/// One handshake over a BIO pair; returns the client's session.
SSL_SESSION*
Handshake(SSL_CTX* serverCtx, SSL_CTX* clientCtx, SSL_SESSION* offer, bool expectResumed)
{
    SSL* server = SSL_new(serverCtx);
    SSL* client = SSL_new(clientCtx);
    BIO* clientBio = nullptr;
    BIO* serverBio = nullptr;
    BIO_new_bio_pair(&clientBio, 0, &serverBio, 0);
    SSL_set_bio(client, clientBio, clientBio);
    SSL_set_bio(server, serverBio, serverBio);
    SSL_set_connect_state(client);
    SSL_set_accept_state(server);
    SSL_set_tlsext_host_name(client, "tls.example");
    SSL_set1_host(client, "tls.example");
    if (offer)
    {
        SSL_set_session(client, offer);
    }
    bool clientDone = false;
    bool serverDone = false;
    for (int round = 0; round < 100 && !(clientDone && serverDone); ++round)
    {
        if (!clientDone)
        {
            const int r = SSL_do_handshake(client);
            if (r == 1)
            {
                clientDone = true;
            }
            else if (SSL_get_error(client, r) != SSL_ERROR_WANT_READ)
            {
                Die("client handshake failed");
            }
        }
        if (!serverDone)
        {
            const int r = SSL_do_handshake(server);
            if (r == 1)
            {
                serverDone = true;
            }
            else if (SSL_get_error(server, r) != SSL_ERROR_WANT_READ)
            {
                Die("server handshake failed");
            }
        }
    }
    if (!clientDone || !serverDone)
    {
        Die("handshake did not finish");
    }
    if (expectResumed != (SSL_session_reused(client) == 1))
    {
        Die(expectResumed ? "session not resumed" : "unexpected resumption");
    }
    SSL_SESSION* session = SSL_get1_session(client);
    // Freed without a close_notify exchange (nothing to measure there), but kept resumable
    // as the storm's modules keep theirs (TlsEndpoint).
    SSL_set_shutdown(client, SSL_SENT_SHUTDOWN | SSL_RECEIVED_SHUTDOWN);
    SSL_set_shutdown(server, SSL_SENT_SHUTDOWN | SSL_RECEIVED_SHUTDOWN);
    SSL_free(client);
    SSL_free(server);
    return session;
}

} // namespace

int
main(int argc, char* argv[])
{
    std::string cert = "rsa";
    long full = 100;
    long resumed = 0;
    for (int i = 1; i < argc; ++i)
    {
        const std::string a = argv[i];
        if (a.rfind("--cert=", 0) == 0)
        {
            cert = a.substr(7);
        }
        else if (a.rfind("--full=", 0) == 0)
        {
            full = std::strtol(a.c_str() + 7, nullptr, 10);
        }
        else if (a.rfind("--resumed=", 0) == 0)
        {
            resumed = std::strtol(a.c_str() + 10, nullptr, 10);
        }
        else
        {
            Die("unknown option " + a + " (--cert=rsa|ecdsa --full=N --resumed=N)");
        }
    }
    if ((cert != "rsa" && cert != "ecdsa") || full < 1 || resumed < 0)
    {
        Die("bad options: --cert=rsa|ecdsa, --full >= 1, --resumed >= 0");
    }
    TestPkiHelper pki(1);
    const auto key = cert == "ecdsa" ? TestPkiHelper::ECDSA_P256 : TestPkiHelper::RSA_2048;
    const std::string chain = pki.GetServerChainPem(TestPkiHelper::VALID, key);
    const std::string keyPem = pki.GetServerKeyPem(TestPkiHelper::VALID, key);
    const std::string ca = pki.GetCaPem(key);

    SSL_CTX* serverCtx = SSL_CTX_new(TLS_server_method());
    SSL_CTX* clientCtx = SSL_CTX_new(TLS_client_method());
    for (SSL_CTX* ctx : {serverCtx, clientCtx})
    {
        SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
        SSL_CTX_set_max_proto_version(ctx, TLS1_2_VERSION);
    }
    BIO* bio = BIO_new_mem_buf(chain.data(), static_cast<int>(chain.size()));
    X509* leaf = PEM_read_bio_X509(bio, nullptr, nullptr, nullptr);
    if (!leaf || SSL_CTX_use_certificate(serverCtx, leaf) != 1)
    {
        Die("server certificate");
    }
    while (X509* extra = PEM_read_bio_X509(bio, nullptr, nullptr, nullptr))
    {
        SSL_CTX_add0_chain_cert(serverCtx, extra);
    }
    ERR_clear_error();
    BIO_free(bio);
    X509_free(leaf);
    bio = BIO_new_mem_buf(keyPem.data(), static_cast<int>(keyPem.size()));
    EVP_PKEY* pkey = PEM_read_bio_PrivateKey(bio, nullptr, nullptr, nullptr);
    if (!pkey || SSL_CTX_use_PrivateKey(serverCtx, pkey) != 1)
    {
        Die("server key");
    }
    EVP_PKEY_free(pkey);
    BIO_free(bio);
    bio = BIO_new_mem_buf(ca.data(), static_cast<int>(ca.size()));
    X509_STORE* store = SSL_CTX_get_cert_store(clientCtx);
    while (X509* c = PEM_read_bio_X509(bio, nullptr, nullptr, nullptr))
    {
        X509_STORE_add_cert(store, c);
        X509_free(c);
    }
    ERR_clear_error();
    BIO_free(bio);
    SSL_CTX_set_verify(clientCtx, SSL_VERIFY_PEER, nullptr);
    // The simulated date the modules' clocks show (NITZ 2026-06-01), inside the validity.
    X509_VERIFY_PARAM_set_time(SSL_CTX_get0_param(clientCtx), 1780272000);
    SSL_CTX_set_session_cache_mode(serverCtx, SSL_SESS_CACHE_SERVER);

    const auto start = std::chrono::steady_clock::now();
    SSL_SESSION* session = nullptr;
    for (long i = 0; i < full; ++i)
    {
        if (session)
        {
            SSL_SESSION_free(session);
        }
        session = Handshake(serverCtx, clientCtx, nullptr, false);
    }
    for (long i = 0; i < resumed; ++i)
    {
        SSL_SESSION* next = Handshake(serverCtx, clientCtx, session, true);
        SSL_SESSION_free(session);
        session = next;
    }
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    SSL_SESSION_free(session);
    SSL_CTX_free(serverCtx);
    SSL_CTX_free(clientCtx);
    std::printf("{\"cert\": \"%s\", \"full\": %ld, \"resumed\": %ld, \"seconds\": %.6f}\n",
                cert.c_str(),
                full,
                resumed,
                seconds);
    return 0;
}
