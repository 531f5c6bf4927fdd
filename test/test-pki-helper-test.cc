/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "ns3/simulator.h"
#include "ns3/test-pki-helper.h"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <gtest/gtest.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>
#include <sstream>
#include <string>
#include <unistd.h>

using namespace ns3;
using namespace ns3::lpwa;

namespace
{

constexpr int64_t JUNE_2026 = 1780272000; // 2026-06-01T00:00:00Z
constexpr int64_t JUNE_2031 = 1938038400; // 2031-06-01T00:00:00Z

class TestPkiHelperTest : public ::testing::Test
{
  protected:
    void TearDown() override
    {
        Simulator::Destroy();
    }
};

/// Verify a served chain against the helper's trusted root at a simulated time.
int
Verify(TestPkiHelper& pki,
       TestPkiHelper::ServerCase c,
       TestPkiHelper::KeyType type,
       int64_t when,
       const char* host = nullptr)
{
    X509_STORE* store = X509_STORE_new();
    X509_STORE_add_cert(store, pki.GetRootCertificate(type).get());
    auto chain = pki.GetServerChain(c, type);
    STACK_OF(X509)* untrusted = sk_X509_new_null();
    for (size_t i = 1; i < chain.size(); ++i)
    {
        sk_X509_push(untrusted, chain[i].get());
    }
    X509_STORE_CTX* ctx = X509_STORE_CTX_new();
    EXPECT_EQ(X509_STORE_CTX_init(ctx, store, chain[0].get(), untrusted), 1);
    X509_VERIFY_PARAM* param = X509_STORE_CTX_get0_param(ctx);
    X509_VERIFY_PARAM_set_time(param, static_cast<time_t>(when));
    if (host != nullptr)
    {
        X509_VERIFY_PARAM_set1_host(param, host, 0);
    }
    const int ok = X509_verify_cert(ctx);
    const int error = X509_STORE_CTX_get_error(ctx);
    EXPECT_EQ(ok == 1, error == X509_V_OK);
    X509_STORE_CTX_free(ctx);
    sk_X509_free(untrusted);
    X509_STORE_free(store);
    return error;
}

std::string
ReadFile(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

TEST_F(TestPkiHelperTest, SameSeedGivesByteIdenticalPem)
{
    TestPkiHelper a(7);
    TestPkiHelper b(7);
    for (auto type : {TestPkiHelper::ECDSA_P256, TestPkiHelper::RSA_2048})
    {
        // Different call orders must not matter.
        const std::string keyB = b.GetServerKeyPem(TestPkiHelper::VALID, type);
        const std::string chainB = b.GetServerChainPem(TestPkiHelper::VALID, type);
        EXPECT_EQ(a.GetCaPem(type), b.GetCaPem(type));
        EXPECT_EQ(a.GetServerChainPem(TestPkiHelper::VALID, type), chainB);
        EXPECT_EQ(a.GetServerKeyPem(TestPkiHelper::VALID, type), keyB);
        EXPECT_EQ(a.GetClientCertPem(1, type), b.GetClientCertPem(1, type));
        EXPECT_EQ(a.GetClientKeyPem(1, type), b.GetClientKeyPem(1, type));
        EXPECT_NE(chainB.find("-----BEGIN CERTIFICATE-----"), std::string::npos);
        EXPECT_NE(keyB.find("-----BEGIN PRIVATE KEY-----"), std::string::npos);
    }
    // Chain layout: leaf + intermediate, except SELF_SIGNED and INCOMPLETE_CHAIN.
    auto count = [](const std::string& pem)
    {
        size_t n = 0;
        for (size_t p = pem.find("BEGIN CERTIFICATE"); p != std::string::npos;
             p = pem.find("BEGIN CERTIFICATE", p + 1))
        {
            ++n;
        }
        return n;
    };
    const auto t = TestPkiHelper::ECDSA_P256;
    EXPECT_EQ(count(a.GetServerChainPem(TestPkiHelper::VALID, t)), 2u);
    EXPECT_EQ(count(a.GetServerChainPem(TestPkiHelper::UNTRUSTED_ROOT, t)), 2u);
    EXPECT_EQ(count(a.GetServerChainPem(TestPkiHelper::SELF_SIGNED, t)), 1u);
    EXPECT_EQ(count(a.GetServerChainPem(TestPkiHelper::INCOMPLETE_CHAIN, t)), 1u);
    EXPECT_EQ(a.GetServerKeyPem(TestPkiHelper::INCOMPLETE_CHAIN, t),
              a.GetServerKeyPem(TestPkiHelper::VALID, t));
}

TEST_F(TestPkiHelperTest, DifferentSeedGivesDifferentKeys)
{
    TestPkiHelper a(7);
    TestPkiHelper b(8);
    const auto t = TestPkiHelper::ECDSA_P256;
    EXPECT_NE(a.GetServerKeyPem(TestPkiHelper::VALID, t),
              b.GetServerKeyPem(TestPkiHelper::VALID, t));
    EXPECT_NE(a.GetClientKeyPem(1, t), b.GetClientKeyPem(1, t));
    EXPECT_NE(a.GetCaPem(t), b.GetCaPem(t));
    EXPECT_NE(a.GetClientKeyPem(1, t), a.GetClientKeyPem(2, t));
}

TEST_F(TestPkiHelperTest, ChainsVerifyAtSimulatedTime)
{
    TestPkiHelper pki;
    for (auto type : {TestPkiHelper::ECDSA_P256, TestPkiHelper::RSA_2048})
    {
        SCOPED_TRACE(TestPkiHelper::KeyTypeName(type));
        EXPECT_EQ(Verify(pki, TestPkiHelper::VALID, type, JUNE_2026, "tls.example"), X509_V_OK);
        EXPECT_EQ(Verify(pki, TestPkiHelper::EXPIRED, type, JUNE_2026),
                  X509_V_ERR_CERT_HAS_EXPIRED);
        EXPECT_EQ(Verify(pki, TestPkiHelper::NOT_YET_VALID, type, JUNE_2026),
                  X509_V_ERR_CERT_NOT_YET_VALID);
        EXPECT_EQ(Verify(pki, TestPkiHelper::UNTRUSTED_ROOT, type, JUNE_2026),
                  X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY);
        EXPECT_EQ(Verify(pki, TestPkiHelper::SELF_SIGNED, type, JUNE_2026),
                  X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT);
        EXPECT_EQ(Verify(pki, TestPkiHelper::INCOMPLETE_CHAIN, type, JUNE_2026),
                  X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY);
        EXPECT_EQ(Verify(pki, TestPkiHelper::VALID, type, JUNE_2031), X509_V_ERR_CERT_HAS_EXPIRED);

        // WRONG_HOST: the chain is fine, the name is not.
        EXPECT_EQ(Verify(pki, TestPkiHelper::WRONG_HOST, type, JUNE_2026), X509_V_OK);
        EXPECT_EQ(Verify(pki, TestPkiHelper::WRONG_HOST, type, JUNE_2026, "tls.example"),
                  X509_V_ERR_HOSTNAME_MISMATCH);
        auto wrong = pki.GetServerCertificate(TestPkiHelper::WRONG_HOST, type);
        EXPECT_NE(X509_check_host(wrong.get(), "tls.example", 0, 0, nullptr), 1);
        EXPECT_EQ(X509_check_host(wrong.get(), "other.example", 0, 0, nullptr), 1);
        auto valid = pki.GetServerCertificate(TestPkiHelper::VALID, type);
        EXPECT_EQ(X509_check_host(valid.get(), "tls.example", 0, 0, nullptr), 1);
        EXPECT_EQ(X509_get_signature_nid(valid.get()),
                  type == TestPkiHelper::RSA_2048 ? NID_sha256WithRSAEncryption
                                                  : NID_ecdsa_with_SHA256);
    }
}

TEST_F(TestPkiHelperTest, ClientCertificatesChainToTheIntermediate)
{
    TestPkiHelper pki;
    const auto t = TestPkiHelper::ECDSA_P256;
    auto client = pki.GetClientCertificate(3, t);
    char cn[64] = {0};
    X509_NAME_get_text_by_NID(X509_get_subject_name(client.get()), NID_commonName, cn, sizeof(cn));
    EXPECT_STREQ(cn, "device-3");
    EXPECT_EQ(X509_check_issued(pki.GetIntermediateCertificate(t).get(), client.get()), X509_V_OK);
    EXPECT_EQ(X509_check_private_key(client.get(), pki.GetClientKey(3, t).get()), 1);
}

TEST_F(TestPkiHelperTest, HostNameAndValidityAreSettable)
{
    TestPkiHelper pki;
    const auto t = TestPkiHelper::ECDSA_P256;
    const std::string before = pki.GetServerChainPem(TestPkiHelper::VALID, t);
    pki.SetHostName("broker.example");
    EXPECT_EQ(pki.GetHostName(), "broker.example");
    auto leaf = pki.GetServerCertificate(TestPkiHelper::VALID, t);
    EXPECT_EQ(X509_check_host(leaf.get(), "broker.example", 0, 0, nullptr), 1);
    EXPECT_NE(pki.GetServerChainPem(TestPkiHelper::VALID, t), before);
    pki.SetValidity(JUNE_2026, JUNE_2031 + 365 * 86400);
    EXPECT_EQ(Verify(pki, TestPkiHelper::VALID, t, JUNE_2026 - 1), X509_V_ERR_CERT_NOT_YET_VALID);
    EXPECT_EQ(Verify(pki, TestPkiHelper::VALID, t, JUNE_2031), X509_V_OK);
}

TEST_F(TestPkiHelperTest, WritePemWritesNamedFiles)
{
    char pattern[] = "/tmp/lpwa-pki-XXXXXX";
    ASSERT_NE(mkdtemp(pattern), nullptr);
    const std::string dir = pattern;
    TestPkiHelper pki;
    std::string error;
    ASSERT_TRUE(pki.WritePem(dir, error)) << error;
    EXPECT_TRUE(error.empty());
    EXPECT_EQ(ReadFile(dir + "/ca-rsa.pem"), pki.GetCaPem(TestPkiHelper::RSA_2048));
    EXPECT_EQ(ReadFile(dir + "/server-valid-rsa.pem"),
              pki.GetServerChainPem(TestPkiHelper::VALID, TestPkiHelper::RSA_2048));
    EXPECT_EQ(ReadFile(dir + "/server-valid-rsa.key"),
              pki.GetServerKeyPem(TestPkiHelper::VALID, TestPkiHelper::RSA_2048));
    EXPECT_EQ(ReadFile(dir + "/client-1-ecdsa.pem"),
              pki.GetClientCertPem(1, TestPkiHelper::ECDSA_P256));
    EXPECT_EQ(ReadFile(dir + "/client-2-ecdsa.key"),
              pki.GetClientKeyPem(2, TestPkiHelper::ECDSA_P256));
    EXPECT_FALSE(ReadFile(dir + "/server-not-yet-valid-ecdsa.pem").empty());
    EXPECT_FALSE(ReadFile(dir + "/server-incomplete-chain-rsa.key").empty());
    EXPECT_FALSE(ReadFile(dir + "/untrusted-ca-ecdsa.pem").empty());

    // A path under a regular file cannot be written, even by root.
    const std::string notADir = dir + "/ca-rsa.pem/sub";
    EXPECT_FALSE(pki.WritePem(notADir, error));
    EXPECT_NE(error.find(notADir), std::string::npos) << error;
    EXPECT_FALSE(pki.WritePem("/nonexistent-lpwa-dir", error));
    EXPECT_NE(error.find("/nonexistent-lpwa-dir/ca-rsa.pem"), std::string::npos) << error;

    const std::string cleanup = "rm -rf '" + dir + "'";
    EXPECT_EQ(std::system(cleanup.c_str()), 0);
}

} // namespace
