/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "ns3/cipher-suite-table.h"
#include "ns3/simulator.h"

#include <algorithm>
#include <cstring>
#include <gtest/gtest.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <set>
#include <string>
#include <vector>

using namespace ns3;
using namespace ns3::lpwa;

namespace
{

/// Quectel BG95/BG77/BG600L SSL Application Note, Table 3, in its order.
const std::vector<uint16_t> kQuectelTable3{
    0x0035, 0x002F, 0x0005, 0x0004, 0x000A, 0x003D, 0xC002, 0xC003, 0xC004, 0xC005, 0xC007, 0xC008,
    0xC009, 0xC00A, 0xC011, 0xC012, 0xC013, 0xC014, 0xC00C, 0xC00D, 0xC00E, 0xC00F, 0xC023, 0xC024,
    0xC025, 0xC026, 0xC027, 0xC028, 0xC029, 0xC02A, 0xC02B, 0xC02F, 0xC0A8, 0x00AE, 0xC0AE};

/// OneMO SSL AT command manual, appendix 5.1, in its order.
const std::vector<uint16_t> kOneMoAppendix{
    0x0001, 0x0002, 0x0004, 0x0005, 0x0009, 0x000A, 0x0015, 0x0016, 0x002C, 0x002D, 0x002E, 0x002F,
    0x0033, 0x0035, 0x0039, 0x003B, 0x003C, 0x003D, 0x0041, 0x0045, 0x0067, 0x006B, 0x0084, 0x0088,
    0x008A, 0x008B, 0x008C, 0x008D, 0x008E, 0x008F, 0x0090, 0x0091, 0x0092, 0x0093, 0x0094, 0x0095,
    0x009C, 0x009D, 0x009E, 0x009F, 0x00A8, 0x00A9, 0x00AA, 0x00AB, 0x00AC, 0x00AD, 0x00AE, 0x00AF,
    0x00B0, 0x00B1, 0x00B2, 0x00B3, 0x00B4, 0x00B5, 0x00B6, 0x00B7, 0x00B8, 0x00B9, 0x00BA, 0x00BE,
    0x00C0, 0x00C4, 0xC001, 0xC002, 0xC003, 0xC004, 0xC005, 0xC006, 0xC007, 0xC008, 0xC009, 0xC00A,
    0xC00B, 0xC00C, 0xC00D, 0xC00E, 0xC00F, 0xC010, 0xC011, 0xC012, 0xC013, 0xC014, 0xC023, 0xC024,
    0xC025, 0xC026, 0xC027, 0xC028, 0xC029, 0xC02A, 0xC02B, 0xC02C, 0xC02D, 0xC02E, 0xC02F, 0xC030,
    0xC031, 0xC032, 0xC033, 0xC034, 0xC035, 0xC036, 0xC037, 0xC038, 0xC039, 0xC03A, 0xC03B, 0xC03C,
    0xC03D, 0xC044, 0xC045, 0xC048, 0xC049, 0xC04A, 0xC04B, 0xC04C, 0xC04D, 0xC04E, 0xC04F, 0xC050,
    0xC051, 0xC052, 0xC053, 0xC05C, 0xC05D, 0xC05E, 0xC05F, 0xC060, 0xC061, 0xC062, 0xC063, 0xC064,
    0xC065, 0xC066, 0xC067, 0xC068, 0xC069, 0xC06A, 0xC06B, 0xC06C, 0xC06D, 0xC06E, 0xC06F, 0xC070,
    0xC071, 0xC072, 0xC073, 0xC074, 0xC075, 0xC076, 0xC077, 0xC078, 0xC079, 0xC07A, 0xC07B, 0xC07C,
    0xC07D, 0xC086, 0xC087, 0xC088, 0xC089, 0xC08A, 0xC08B, 0xC08C, 0xC08D, 0xC08E, 0xC08F, 0xC090,
    0xC091, 0xC092, 0xC093, 0xC094, 0xC095, 0xC096, 0xC097, 0xC098, 0xC099, 0xC09A, 0xC09B, 0xC09C,
    0xC09D, 0xC09E, 0xC09F, 0xC0A0, 0xC0A1, 0xC0A2, 0xC0A3, 0xC0A4, 0xC0A5, 0xC0A6, 0xC0A7, 0xC0A8,
    0xC0A9, 0xC0AA, 0xC0AB, 0xC0AC, 0xC0AD, 0xC0AE, 0xC0AF, 0xC0FF, 0xCCA8, 0xCCA9, 0xCCAA, 0xCCAB,
    0xCCAC, 0xCCAD, 0xCCAE};

/// A PSK client callback, so that OpenSSL does not drop the PSK suites from the ClientHello.
unsigned int
NoPsk(SSL*, const char*, char*, unsigned int, unsigned char*, unsigned int)
{
    return 0;
}

/// Whether a client whose cipher list is exactly `name` at security level 0 can be set up and
/// offers the suite `id`.
struct OpenSslVerdict
{
    bool listAccepted{false}; //!< SSL_CTX_set_cipher_list succeeded
    bool offered{false};      //!< the suite is in the client's supported ciphers
};

OpenSslVerdict
AskOpenSsl(const char* name, uint16_t id)
{
    OpenSslVerdict verdict;
    SSL_CTX* ctx = SSL_CTX_new(TLS_method());
    if (ctx == nullptr)
    {
        ADD_FAILURE() << "SSL_CTX_new failed";
        return verdict;
    }
    SSL_CTX_set_psk_client_callback(ctx, NoPsk);
    const std::string list = std::string(name) + ":@SECLEVEL=0";
    verdict.listAccepted = SSL_CTX_set_cipher_list(ctx, list.c_str()) == 1;
    ERR_clear_error();
    if (verdict.listAccepted)
    {
        SSL* ssl = SSL_new(ctx);
        SSL_set_connect_state(ssl);
        STACK_OF(SSL_CIPHER)* offered = SSL_get1_supported_ciphers(ssl);
        for (int i = 0; offered != nullptr && i < sk_SSL_CIPHER_num(offered); ++i)
        {
            if (SSL_CIPHER_get_protocol_id(sk_SSL_CIPHER_value(offered, i)) == id)
            {
                verdict.offered = true;
            }
        }
        sk_SSL_CIPHER_free(offered);
        SSL_free(ssl);
    }
    SSL_CTX_free(ctx);
    return verdict;
}

class CipherSuiteTableTest : public ::testing::Test
{
  protected:
    void TearDown() override
    {
        Simulator::Destroy();
    }
};

TEST_F(CipherSuiteTableTest, HoldsEverySuiteOfBothManualsAndNothingElse)
{
    std::set<uint16_t> expected(kOneMoAppendix.begin(), kOneMoAppendix.end());
    expected.insert(kQuectelTable3.begin(), kQuectelTable3.end());
    EXPECT_EQ(kOneMoAppendix.size(), 207U);
    EXPECT_EQ(kQuectelTable3.size(), 35U);
    EXPECT_EQ(expected.size(), 207U); // Table 3 is a subset of the OneMO appendix

    const auto ids = CipherSuiteTable::GetAllIds();
    EXPECT_TRUE(std::is_sorted(ids.begin(), ids.end()));
    EXPECT_EQ(std::set<uint16_t>(ids.begin(), ids.end()).size(), ids.size()); // no duplicates
    EXPECT_EQ(std::vector<uint16_t>(expected.begin(), expected.end()), ids);
    for (uint16_t id : ids)
    {
        const auto* info = CipherSuiteTable::Find(id);
        ASSERT_NE(info, nullptr) << CipherSuiteTable::FormatQuectelId(id);
        EXPECT_EQ(info->id, id);
        ASSERT_NE(info->iana, nullptr);
        EXPECT_EQ(std::string(info->iana).rfind("TLS_", 0), 0U) << info->iana;
        EXPECT_EQ(std::string(info->iana).find('-'), std::string::npos) << info->iana;
    }
    EXPECT_EQ(CipherSuiteTable::Find(0x0000), nullptr);
    EXPECT_EQ(CipherSuiteTable::Find(0xFFFF), nullptr); // "all suites", not a suite
    EXPECT_EQ(CipherSuiteTable::Find(0x1301), nullptr); // TLS 1.3 suites are in neither manual
    EXPECT_EQ(CipherSuiteTable::Find(0xC0FE), nullptr);
}

TEST_F(CipherSuiteTableTest, NamesAndKeyExchanges)
{
    const auto* rsa = CipherSuiteTable::Find(0x002F);
    ASSERT_NE(rsa, nullptr);
    EXPECT_STREQ(rsa->iana, "TLS_RSA_WITH_AES_128_CBC_SHA");
    EXPECT_STREQ(rsa->openssl, "AES128-SHA");
    EXPECT_EQ(rsa->kx, KeyExchange::RSA);
    EXPECT_TRUE(rsa->available);
    EXPECT_EQ(rsa->unavailableReason, nullptr);

    const auto* gcm = CipherSuiteTable::Find(0xC02B); // Quectel's typo, normalised
    ASSERT_NE(gcm, nullptr);
    EXPECT_STREQ(gcm->iana, "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256");
    EXPECT_STREQ(gcm->openssl, "ECDHE-ECDSA-AES128-GCM-SHA256");
    EXPECT_EQ(gcm->kx, KeyExchange::ECDHE_ECDSA);

    EXPECT_STREQ(CipherSuiteTable::Find(0xC02F)->openssl, "ECDHE-RSA-AES128-GCM-SHA256");
    EXPECT_EQ(CipherSuiteTable::Find(0xC02F)->kx, KeyExchange::ECDHE_RSA);
    EXPECT_STREQ(CipherSuiteTable::Find(0x00AE)->openssl, "PSK-AES128-CBC-SHA256");
    EXPECT_EQ(CipherSuiteTable::Find(0x00AE)->kx, KeyExchange::PSK);
    EXPECT_STREQ(CipherSuiteTable::Find(0xC0A8)->openssl, "PSK-AES128-CCM8");
    EXPECT_STREQ(CipherSuiteTable::Find(0xC0AE)->openssl, "ECDHE-ECDSA-AES128-CCM8");
    EXPECT_STREQ(CipherSuiteTable::Find(0xC0AA)->iana, "TLS_PSK_DHE_WITH_AES_128_CCM_8");
    EXPECT_EQ(CipherSuiteTable::Find(0xC0AA)->kx, KeyExchange::DHE_PSK);
    EXPECT_EQ(CipherSuiteTable::Find(0xC00E)->kx, KeyExchange::ECDH_RSA);
    EXPECT_EQ(CipherSuiteTable::Find(0xC004)->kx, KeyExchange::ECDH_ECDSA);
    EXPECT_EQ(CipherSuiteTable::Find(0x0016)->kx, KeyExchange::DHE_RSA);
    EXPECT_EQ(CipherSuiteTable::Find(0x0094)->kx, KeyExchange::RSA_PSK);
    EXPECT_EQ(CipherSuiteTable::Find(0xCCAC)->kx, KeyExchange::ECDHE_PSK);
    EXPECT_EQ(CipherSuiteTable::Find(0xC0FF)->kx, KeyExchange::ECJPAKE);
    EXPECT_STREQ(CipherSuiteTable::KeyExchangeToString(KeyExchange::ECDHE_RSA), "ECDHE_RSA");
    EXPECT_STREQ(CipherSuiteTable::KeyExchangeToString(KeyExchange::ECJPAKE), "ECJPAKE");
}

TEST_F(CipherSuiteTableTest, FormatsQuectelIds)
{
    EXPECT_EQ(CipherSuiteTable::FormatQuectelId(0x0035), "0X0035");
    EXPECT_EQ(CipherSuiteTable::FormatQuectelId(0xC02F), "0XC02F");
    EXPECT_EQ(CipherSuiteTable::FormatQuectelId(0x00AE), "0X00AE");
    EXPECT_EQ(CipherSuiteTable::FormatQuectelId(0xFFFF), "0XFFFF");
    EXPECT_EQ(CipherSuiteTable::FormatQuectelId(0x0001), "0X0001");
}

// The availability column is measured, not asserted: for every entry, OpenSSL must agree.
TEST_F(CipherSuiteTableTest, AvailabilityMatchesTheInstalledOpenSsl)
{
    unsigned available = 0;
    SSL_CTX* ctx = SSL_CTX_new(TLS_method());
    SSL* probe = SSL_new(ctx);
    for (uint16_t id : CipherSuiteTable::GetAllIds())
    {
        const auto* info = CipherSuiteTable::Find(id);
        const std::string label = CipherSuiteTable::FormatQuectelId(id) + " " + info->iana;
        const unsigned char bytes[2] = {static_cast<unsigned char>(id >> 8),
                                        static_cast<unsigned char>(id & 0xFF)};
        const SSL_CIPHER* known = SSL_CIPHER_find(probe, bytes);
        if (info->available)
        {
            ++available;
            ASSERT_NE(info->openssl, nullptr) << label;
            EXPECT_EQ(info->unavailableReason, nullptr) << label;
            const auto verdict = AskOpenSsl(info->openssl, id);
            EXPECT_TRUE(verdict.listAccepted) << label << " as " << info->openssl;
            EXPECT_TRUE(verdict.offered) << label << " as " << info->openssl;
            // The OpenSSL name and the IANA name denote this very suite.
            ASSERT_NE(known, nullptr) << label;
            EXPECT_STREQ(SSL_CIPHER_get_name(known), info->openssl) << label;
            EXPECT_STREQ(SSL_CIPHER_standard_name(known), info->iana) << label;
        }
        else
        {
            ASSERT_NE(info->unavailableReason, nullptr) << label;
            EXPECT_GT(std::strlen(info->unavailableReason), 0U) << label;
            EXPECT_EQ(known, nullptr) << label << " is known to this OpenSSL";
            if (info->openssl != nullptr)
            {
                const auto verdict = AskOpenSsl(info->openssl, id);
                EXPECT_FALSE(verdict.listAccepted) << label << " as " << info->openssl;
                EXPECT_FALSE(verdict.offered) << label << " as " << info->openssl;
            }
        }
    }
    SSL_free(probe);
    SSL_CTX_free(ctx);
    EXPECT_EQ(available, 124U); // 207 suites, 83 of which Debian 12's libssl3 cannot offer
}

} // namespace
