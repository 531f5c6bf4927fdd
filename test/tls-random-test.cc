/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "ns3/rng-seed-manager.h"
#include "ns3/simulator.h"
#include "ns3/tls-random.h"

#include <gtest/gtest.h>
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <string>
#include <vector>

using namespace ns3;
using namespace ns3::lpwa;

namespace
{

using Bytes = std::vector<uint8_t>;

class TlsRandomTest : public ::testing::Test
{
  protected:
    void SetUp() override
    {
        m_seed = RngSeedManager::GetSeed();
        m_run = RngSeedManager::GetRun();
    }

    void TearDown() override
    {
        Simulator::Destroy();
        RngSeedManager::SetSeed(m_seed);
        RngSeedManager::SetRun(m_run);
    }

    uint32_t m_seed{1};
    uint64_t m_run{1};
};

/// Set seed and run, destroying the previous simulation as a new run would start.
void
StartRun(uint32_t seed, uint64_t run)
{
    Simulator::Destroy();
    RngSeedManager::SetSeed(seed);
    RngSeedManager::SetRun(run);
}

/// A source on a fixed ns-3 stream.
Ptr<TlsRandomSource>
StreamSource(int64_t stream)
{
    auto source = CreateObject<TlsRandomSource>();
    source->AssignStreams(stream);
    return source;
}

/// Draw through all four OpenSSL RAND entry points under a scope of a stream-7 source.
Bytes
DrawThroughOpenSsl(uint32_t seed, uint64_t run, uint64_t* drawn = nullptr)
{
    StartRun(seed, run);
    auto source = StreamSource(7);
    Bytes out(4 * 48);
    TlsRandom::Scope scope(source);
    EXPECT_EQ(RAND_bytes(out.data(), 48), 1);
    EXPECT_EQ(RAND_priv_bytes(out.data() + 48, 48), 1);
    EXPECT_EQ(RAND_bytes_ex(nullptr, out.data() + 96, 48, 256), 1);
    EXPECT_EQ(RAND_priv_bytes_ex(nullptr, out.data() + 144, 48, 256), 1);
    if (drawn != nullptr)
    {
        *drawn = source->GetBytesDrawn();
    }
    return out;
}

TEST_F(TlsRandomTest, ChaCha20BlockMatchesOpenSsl)
{
    std::array<uint32_t, 8> key{};
    unsigned char keyBytes[32];
    for (uint32_t i = 0; i < 32; ++i)
    {
        keyBytes[i] = static_cast<unsigned char>(i);
    }
    for (size_t i = 0; i < 8; ++i)
    {
        key[i] = keyBytes[4 * i] | (keyBytes[4 * i + 1] << 8) | (keyBytes[4 * i + 2] << 16) |
                 (static_cast<uint32_t>(keyBytes[4 * i + 3]) << 24);
    }
    // RFC 8439 section 2.3.2: counter 1, nonce 00:00:00:09:00:00:00:4a:00:00:00:00.
    uint8_t block[64];
    TlsRandomSource::ChaCha20Block(key, {1, 0x09000000, 0x4a000000, 0}, block);
    EXPECT_EQ(block[0], 0x10);
    EXPECT_EQ(block[1], 0xf1);
    EXPECT_EQ(block[63], 0x4e);
    // OpenSSL's ChaCha20 IV is the 32-bit counter followed by the 96-bit nonce.
    const unsigned char iv[16] = {1, 0, 0, 0, 0, 0, 0, 9, 0, 0, 0, 0x4a, 0, 0, 0, 0};
    unsigned char zeros[64] = {0};
    unsigned char expected[64];
    int len = 0;
    EVP_CIPHER_CTX* ctx = EVP_CIPHER_CTX_new();
    ASSERT_EQ(EVP_EncryptInit_ex(ctx, EVP_chacha20(), nullptr, keyBytes, iv), 1);
    ASSERT_EQ(EVP_EncryptUpdate(ctx, expected, &len, zeros, 64), 1);
    EVP_CIPHER_CTX_free(ctx);
    EXPECT_EQ(Bytes(block, block + 64), Bytes(expected, expected + 64));
}

TEST_F(TlsRandomTest, SameSeedAndRunGiveSameOpenSslBytes)
{
    uint64_t drawn = 0;
    const Bytes a = DrawThroughOpenSsl(3, 1, &drawn);
    EXPECT_EQ(drawn, 4u * 48u); // every byte came from the source
    const Bytes b = DrawThroughOpenSsl(3, 1);
    EXPECT_EQ(a, b);
    const Bytes other = DrawThroughOpenSsl(3, 2);
    EXPECT_NE(a, other);
    const Bytes otherSeed = DrawThroughOpenSsl(4, 1);
    EXPECT_NE(a, otherSeed);
}

TEST_F(TlsRandomTest, AssignStreamsRekeysAndSeparatesStreams)
{
    StartRun(5, 1);
    auto s1 = StreamSource(1);
    auto s2 = StreamSource(2);
    Bytes a(32);
    Bytes b(32);
    s1->Fill(a.data(), a.size());
    s2->Fill(b.data(), b.size());
    EXPECT_NE(a, b);
    s2->AssignStreams(1);
    s2->Fill(b.data(), b.size());
    EXPECT_EQ(a, b);
    EXPECT_EQ(s2->GetBytesDrawn(), 32u);
}

TEST_F(TlsRandomTest, DefaultSourceRepeatsAfterSimulatorDestroy)
{
    auto draw = [](uint32_t seed, uint64_t run)
    {
        StartRun(seed, run);
        Bytes out(64);
        TlsRandom::Install();
        EXPECT_EQ(RAND_bytes(out.data(), 32), 1);
        EXPECT_EQ(RAND_priv_bytes(out.data() + 32, 32), 1);
        return out;
    };
    const Bytes a = draw(9, 1);
    const Bytes b = draw(9, 1);
    EXPECT_EQ(a, b);
    EXPECT_NE(a, draw(9, 2));
    // Without a Destroy in between the default source continues its stream.
    Bytes next(64);
    ASSERT_EQ(RAND_bytes(next.data(), 64), 1);
    EXPECT_NE(next, draw(9, 2));
}

TEST_F(TlsRandomTest, InterleavedSourcesAreIndependent)
{
    auto a = TlsRandomSource::CreateFromSeed(11);
    auto b = TlsRandomSource::CreateFromSeed(12);
    Bytes interleavedA;
    Bytes interleavedB;
    for (int i = 1; i <= 6; ++i)
    {
        Bytes chunk(static_cast<size_t>(i * 7));
        {
            TlsRandom::Scope sa(a);
            ASSERT_EQ(RAND_bytes(chunk.data(), static_cast<int>(chunk.size())), 1);
            interleavedA.insert(interleavedA.end(), chunk.begin(), chunk.end());
            {
                TlsRandom::Scope sb(b); // nested: b is current, then a again
                ASSERT_EQ(RAND_priv_bytes(chunk.data(), static_cast<int>(chunk.size())), 1);
                interleavedB.insert(interleavedB.end(), chunk.begin(), chunk.end());
            }
            EXPECT_EQ(PeekPointer(TlsRandom::GetCurrent()), PeekPointer(a));
        }
    }
    auto aAlone = TlsRandomSource::CreateFromSeed(11);
    auto bAlone = TlsRandomSource::CreateFromSeed(12);
    Bytes separateA(interleavedA.size());
    Bytes separateB(interleavedB.size());
    {
        TlsRandom::Scope sb(bAlone);
        ASSERT_EQ(RAND_bytes(separateB.data(), static_cast<int>(separateB.size())), 1);
    }
    aAlone->Fill(separateA.data(), separateA.size());
    EXPECT_EQ(interleavedA, separateA);
    EXPECT_EQ(interleavedB, separateB);
    EXPECT_NE(interleavedA, interleavedB);
}

/// Generate a P-256 key under a scope and return its DER private key.
Bytes
GenerateEcKey(uint32_t seed, uint64_t run)
{
    StartRun(seed, run);
    auto source = StreamSource(3);
    EVP_PKEY* key = nullptr;
    {
        TlsRandom::Scope scope(source);
        key = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256");
    }
    EXPECT_NE(key, nullptr);
    EXPECT_GT(source->GetBytesDrawn(), 0u);
    unsigned char* der = nullptr;
    const int len = i2d_PrivateKey(key, &der);
    EXPECT_GT(len, 0);
    Bytes out(der, der + len);
    OPENSSL_free(der);
    EVP_PKEY_free(key);
    return out;
}

TEST_F(TlsRandomTest, EcKeyGenerationGoesThroughTheSource)
{
    const Bytes a = GenerateEcKey(21, 1);
    EXPECT_EQ(a, GenerateEcKey(21, 1));
    EXPECT_NE(a, GenerateEcKey(21, 2));
}

/// A self-signed RSA-2048 server certificate and key (PEM), made once from a fixed seed.
const std::pair<std::string, std::string>&
ServerCredentials()
{
    static std::pair<std::string, std::string> pem;
    if (!pem.first.empty())
    {
        return pem;
    }
    TlsRandom::Scope scope(TlsRandomSource::CreateFromSeed(77));
    EVP_PKEY* key = EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", size_t{2048});
    X509* cert = X509_new();
    X509_set_version(cert, X509_VERSION_3);
    ASN1_INTEGER_set(X509_get_serialNumber(cert), 1);
    ASN1_TIME_set(X509_getm_notBefore(cert), 1767225600);
    ASN1_TIME_set(X509_getm_notAfter(cert), 1924991999);
    X509_set_pubkey(cert, key);
    X509_NAME* name = X509_get_subject_name(cert);
    X509_NAME_add_entry_by_txt(name,
                               "CN",
                               MBSTRING_ASC,
                               reinterpret_cast<const unsigned char*>("tls.example"),
                               -1,
                               -1,
                               0);
    X509_set_issuer_name(cert, name);
    X509_sign(cert, key, EVP_sha256());
    BIO* bio = BIO_new(BIO_s_mem());
    PEM_write_bio_X509(bio, cert);
    char* data = nullptr;
    long len = BIO_get_mem_data(bio, &data);
    pem.first.assign(data, static_cast<size_t>(len));
    BIO_free(bio);
    bio = BIO_new(BIO_s_mem());
    PEM_write_bio_PrivateKey(bio, key, nullptr, nullptr, 0, nullptr, nullptr);
    len = BIO_get_mem_data(bio, &data);
    pem.second.assign(data, static_cast<size_t>(len));
    BIO_free(bio);
    X509_free(cert);
    EVP_PKEY_free(key);
    return pem;
}

/// Ticket callback: stamp the session with simulated time, not the host's time().
int
StampSessionWithSimulatedTime(SSL* ssl, void* /* arg */)
{
    SSL_SESSION_set_time(SSL_get_session(ssl),
                         1767225600 + static_cast<long>(Simulator::Now().GetSeconds()));
    return 1;
}

/// Move everything one side wrote to the other side, recording it.
void
Pump(BIO* from, BIO* to, Bytes& record)
{
    unsigned char buf[4096];
    int n = 0;
    while ((n = BIO_read(from, buf, sizeof(buf))) > 0)
    {
        record.insert(record.end(), buf, buf + n);
        ASSERT_EQ(BIO_write(to, buf, n), n);
    }
}

/// What each side of a handshake wrote.
struct Transcript
{
    Bytes client; //!< bytes the client wrote
    Bytes server; //!< bytes the server wrote
};

/// Run a TLS 1.2 ECDHE-RSA handshake plus one record each way, in memory.
Transcript
Handshake(uint32_t seed, uint64_t run)
{
    StartRun(seed, run);
    auto clientRandom = StreamSource(10);
    auto serverRandom = StreamSource(11);
    const auto& creds = ServerCredentials();
    Transcript t;

    SSL_CTX* cctx = nullptr;
    SSL_CTX* sctx = nullptr;
    {
        TlsRandom::Scope scope(clientRandom);
        cctx = SSL_CTX_new(TLS_client_method());
    }
    {
        TlsRandom::Scope scope(serverRandom);
        sctx = SSL_CTX_new(TLS_server_method());
    }
    EXPECT_NE(cctx, nullptr);
    EXPECT_NE(sctx, nullptr);
    for (SSL_CTX* ctx : {cctx, sctx})
    {
        SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
        SSL_CTX_set_max_proto_version(ctx, TLS1_2_VERSION);
        EXPECT_EQ(SSL_CTX_set_cipher_list(ctx, "ECDHE-RSA-AES128-GCM-SHA256"), 1);
    }
    SSL_CTX_set_verify(cctx, SSL_VERIFY_NONE, nullptr);
    SSL_CTX_set_session_ticket_cb(sctx, StampSessionWithSimulatedTime, nullptr, nullptr);

    BIO* bio = BIO_new_mem_buf(creds.first.data(), static_cast<int>(creds.first.size()));
    X509* cert = PEM_read_bio_X509(bio, nullptr, nullptr, nullptr);
    BIO_free(bio);
    // A fresh key object per run: RSA blinding state draws randomness at first use.
    bio = BIO_new_mem_buf(creds.second.data(), static_cast<int>(creds.second.size()));
    EVP_PKEY* key = PEM_read_bio_PrivateKey(bio, nullptr, nullptr, nullptr);
    BIO_free(bio);
    EXPECT_EQ(SSL_CTX_use_certificate(sctx, cert), 1);
    EXPECT_EQ(SSL_CTX_use_PrivateKey(sctx, key), 1);
    X509_free(cert);
    EVP_PKEY_free(key);

    SSL* client = nullptr;
    SSL* server = nullptr;
    {
        TlsRandom::Scope scope(clientRandom);
        client = SSL_new(cctx);
    }
    {
        TlsRandom::Scope scope(serverRandom);
        server = SSL_new(sctx);
    }
    BIO* clientIn = BIO_new(BIO_s_mem());
    BIO* clientOut = BIO_new(BIO_s_mem());
    BIO* serverIn = BIO_new(BIO_s_mem());
    BIO* serverOut = BIO_new(BIO_s_mem());
    SSL_set_bio(client, clientIn, clientOut);
    SSL_set_bio(server, serverIn, serverOut);
    SSL_set_connect_state(client);
    SSL_set_accept_state(server);
    SSL_set_tlsext_host_name(client, "tls.example");

    bool clientDone = false;
    bool serverDone = false;
    for (int round = 0; round < 20 && !(clientDone && serverDone); ++round)
    {
        {
            TlsRandom::Scope scope(clientRandom);
            const int r = SSL_do_handshake(client);
            clientDone = r == 1;
            EXPECT_TRUE(clientDone || SSL_get_error(client, r) == SSL_ERROR_WANT_READ);
        }
        Pump(clientOut, serverIn, t.client);
        {
            TlsRandom::Scope scope(serverRandom);
            const int r = SSL_do_handshake(server);
            serverDone = r == 1;
            EXPECT_TRUE(serverDone || SSL_get_error(server, r) == SSL_ERROR_WANT_READ);
        }
        Pump(serverOut, clientIn, t.server);
    }
    EXPECT_TRUE(clientDone && serverDone);
    EXPECT_EQ(SSL_version(client), TLS1_2_VERSION);
    EXPECT_STREQ(SSL_get_cipher_name(client), "ECDHE-RSA-AES128-GCM-SHA256");
    {
        TlsRandom::Scope scope(clientRandom);
        EXPECT_EQ(SSL_write(client, "ping", 4), 4);
    }
    Pump(clientOut, serverIn, t.client);
    char buf[8] = {0};
    {
        TlsRandom::Scope scope(serverRandom);
        EXPECT_EQ(SSL_read(server, buf, sizeof(buf)), 4);
        EXPECT_EQ(SSL_write(server, "pong", 4), 4);
    }
    Pump(serverOut, clientIn, t.server);
    EXPECT_EQ(std::string(buf), "ping");
    EXPECT_GT(clientRandom->GetBytesDrawn(), 32u);
    EXPECT_GT(serverRandom->GetBytesDrawn(), 32u);

    SSL_free(client);
    SSL_free(server);
    SSL_CTX_free(cctx);
    SSL_CTX_free(sctx);
    return t;
}

TEST_F(TlsRandomTest, TlsHandshakeRecordsAreReproducible)
{
    const Transcript a = Handshake(31, 1);
    ASSERT_GT(a.client.size(), 100u);
    ASSERT_GT(a.server.size(), 100u);
    const Transcript b = Handshake(31, 1);
    EXPECT_EQ(a.client, b.client);
    EXPECT_EQ(a.server, b.server);
    const Transcript c = Handshake(31, 2);
    EXPECT_NE(a.client, c.client);
    EXPECT_NE(a.server, c.server);
}

} // namespace
