/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "lpwa-test-harness.h"

#include "ns3/cipher-suite-table.h"
#include "ns3/lpwa-module.h"
#include "ns3/quectel-ssl-commands.h"
#include "ns3/simulator.h"
#include "ns3/uart-channel.h"

#include <gtest/gtest.h>

using namespace ns3;
using namespace ns3::lpwa;

namespace
{

/// A host driving a BG95-M3 module with the Quectel SSL commands over a UART.
class QuectelSslCommandsTest : public ::testing::Test
{
  protected:
    void SetUp() override
    {
        m_bench.Create();
        m_ssl = CreateObject<QuectelSslCommands>();
        m_bench.module->AddCommandSet(m_ssl);
        m_bench.StartEchoOff();
    }

    void TearDown() override
    {
        m_bench.Dispose();
        m_ssl = nullptr;
        Simulator::Destroy();
    }

    /// Type one command line, run until the module is idle, return and clear what came back.
    std::string Type(const std::string& text)
    {
        return m_bench.host.TypeAndRun(text);
    }

    test::ModuleBench m_bench;
    Ptr<QuectelSslCommands> m_ssl;
};

const std::string OK = "\r\nOK\r\n";
const std::string ERR = "\r\nERROR\r\n";

TEST_F(QuectelSslCommandsTest, ManualExample32ByteExact)
{
    EXPECT_EQ(Type("AT+QSSLCFG=\"sslversion\",1,1\r"), OK);
    EXPECT_EQ(Type("AT+QSSLCFG=\"ciphersuite\",1,0X0035\r"), OK);
    EXPECT_EQ(Type("AT+QSSLCFG=\"seclevel\",1,1\r"), OK);
    EXPECT_EQ(Type("AT+QSSLCFG=\"cacert\",1,\"cacert.pem\"\r"), OK);
    const QuectelSslContextConfig& c = m_ssl->GetContext(1);
    EXPECT_EQ(c.sslVersion, 1);
    EXPECT_EQ(c.cipherSuite, 0x0035);
    EXPECT_EQ(c.secLevel, 1);
    EXPECT_EQ(c.caCert, "cacert.pem");
    EXPECT_EQ(Type("AT+QSSLCFG=\"ciphersuite\",1\r"),
              "\r\n+QSSLCFG: \"ciphersuite\",1,0X0035\r\n" + OK);
    EXPECT_EQ(Type("AT+QSSLCFG=\"cacert\",1\r"),
              "\r\n+QSSLCFG: \"cacert\",1,\"cacert.pem\"\r\n" + OK);
    // Context 0 is untouched.
    EXPECT_EQ(m_ssl->GetContext(0).sslVersion, 4);
}

TEST_F(QuectelSslCommandsTest, EverySubCommandQueriesItsDefault)
{
    const std::vector<std::pair<std::string, std::string>> defaults = {
        {"sslversion", "4"},
        {"ciphersuite", "0XFFFF"},
        {"cacert", "\"\""},
        {"clientcert", "\"\""},
        {"clientkey", "\"\""},
        {"seclevel", "0"},
        {"session", "0"},
        {"sni", "0"},
        {"checkhost", "0"},
        {"ignorelocaltime", "1"},
        {"negotiatetime", "300"},
        {"renegotiation", "0"},
        {"dtls", "0"},
        {"dtlsversion", "2"},
    };
    for (uint32_t ctx = 0; ctx < 6; ++ctx)
    {
        for (const auto& d : defaults)
        {
            std::string c = std::to_string(ctx);
            EXPECT_EQ(Type("AT+QSSLCFG=\"" + d.first + "\"," + c + "\r"),
                      "\r\n+QSSLCFG: \"" + d.first + "\"," + c + "," + d.second + "\r\n" + OK);
        }
    }
}

TEST_F(QuectelSslCommandsTest, SetsEverySubCommand)
{
    EXPECT_EQ(Type("AT+QSSLCFG=\"clientcert\",2,\"UFS:client.pem\"\r"), OK);
    EXPECT_EQ(Type("AT+QSSLCFG=\"clientkey\",2,\"user_key.pem\"\r"), OK);
    EXPECT_EQ(Type("AT+QSSLCFG=\"session\",2,1\r"), OK);
    EXPECT_EQ(Type("AT+QSSLCFG=\"sni\",2,1\r"), OK);
    EXPECT_EQ(Type("AT+QSSLCFG=\"checkhost\",2,1\r"), OK);
    EXPECT_EQ(Type("AT+QSSLCFG=\"ignorelocaltime\",2,0\r"), OK);
    EXPECT_EQ(Type("AT+QSSLCFG=\"negotiatetime\",2,10\r"), OK);
    EXPECT_EQ(Type("AT+QSSLCFG=\"renegotiation\",2,1\r"), OK);
    EXPECT_EQ(Type("AT+QSSLCFG=\"dtls\",2,1\r"), OK);
    EXPECT_EQ(Type("AT+QSSLCFG=\"dtlsversion\",2,0\r"), OK);
    EXPECT_EQ(Type("AT+QSSLCFG=\"seclevel\",2,2\r"), OK);
    const QuectelSslContextConfig& c = m_ssl->GetContext(2);
    EXPECT_EQ(c.clientCert, "UFS:client.pem");
    EXPECT_EQ(c.clientKey, "user_key.pem");
    EXPECT_TRUE(c.session);
    EXPECT_TRUE(c.sni);
    EXPECT_TRUE(c.checkHost);
    EXPECT_FALSE(c.ignoreLocalTime);
    EXPECT_EQ(c.negotiateTime, 10);
    EXPECT_TRUE(c.renegotiation);
    EXPECT_TRUE(c.dtls);
    EXPECT_EQ(c.dtlsVersion, 0);
    EXPECT_EQ(c.secLevel, 2);
    EXPECT_EQ(Type("AT+QSSLCFG=\"clientcert\",2\r"),
              "\r\n+QSSLCFG: \"clientcert\",2,\"UFS:client.pem\"\r\n" + OK);
    EXPECT_EQ(Type("AT+QSSLCFG=\"negotiatetime\",2\r"),
              "\r\n+QSSLCFG: \"negotiatetime\",2,10\r\n" + OK);
    // Example 3.6: DTLS with a PSK suite.
    EXPECT_EQ(Type("AT+QSSLCFG=\"dtls\",0,1\r"), OK);
    EXPECT_EQ(Type("AT+QSSLCFG=\"dtlsversion\",0,0\r"), OK);
    EXPECT_EQ(Type("AT+QSSLCFG=\"ciphersuite\",0,0X00AE\r"), OK);
    EXPECT_EQ(m_ssl->GetContext(0).cipherSuite, 0x00AE);
}

TEST_F(QuectelSslCommandsTest, RangeKindAndNameErrors)
{
    EXPECT_EQ(Type("AT+QSSLCFG=\"sslversion\",0,5\r"), ERR);
    EXPECT_EQ(Type("AT+QSSLCFG=\"sslversion\",0,-1\r"), ERR);
    EXPECT_EQ(Type("AT+QSSLCFG=\"sslversion\",6,1\r"), ERR);
    EXPECT_EQ(Type("AT+QSSLCFG=\"sslversion\",6\r"), ERR);
    EXPECT_EQ(Type("AT+QSSLCFG=\"sslversion\",\"0\",1\r"), ERR);
    EXPECT_EQ(Type("AT+QSSLCFG=\"sslversion\",0,\"1\"\r"), ERR);
    EXPECT_EQ(Type("AT+QSSLCFG=\"seclevel\",0,3\r"), ERR);
    EXPECT_EQ(Type("AT+QSSLCFG=\"session\",0,2\r"), ERR);
    EXPECT_EQ(Type("AT+QSSLCFG=\"sni\",0,2\r"), ERR);
    EXPECT_EQ(Type("AT+QSSLCFG=\"checkhost\",0,2\r"), ERR);
    EXPECT_EQ(Type("AT+QSSLCFG=\"ignorelocaltime\",0,2\r"), ERR);
    EXPECT_EQ(Type("AT+QSSLCFG=\"negotiatetime\",0,9\r"), ERR);
    EXPECT_EQ(Type("AT+QSSLCFG=\"negotiatetime\",0,301\r"), ERR);
    EXPECT_EQ(Type("AT+QSSLCFG=\"renegotiation\",0,2\r"), ERR);
    EXPECT_EQ(Type("AT+QSSLCFG=\"dtls\",0,2\r"), ERR);
    EXPECT_EQ(Type("AT+QSSLCFG=\"dtlsversion\",0,3\r"), ERR);
    EXPECT_EQ(Type("AT+QSSLCFG=\"cacert\",0,5\r"), ERR);       // a path must be quoted
    EXPECT_EQ(Type("AT+QSSLCFG=\"nosuch\",0,1\r"), ERR);       // unknown sub-command
    EXPECT_EQ(Type("AT+QSSLCFG=sslversion,0,1\r"), ERR);       // unquoted sub-command
    EXPECT_EQ(Type("AT+QSSLCFG=\"sslversion\"\r"), ERR);       // no context
    EXPECT_EQ(Type("AT+QSSLCFG=\"sslversion\",0,1,1\r"), ERR); // too many parameters
    EXPECT_EQ(Type("AT+QSSLCFG?\r"), ERR);
    EXPECT_EQ(Type("AT+QSSLCFG\r"), ERR);
    // Nothing changed.
    EXPECT_EQ(m_ssl->GetContext(0).sslVersion, 4);
    EXPECT_EQ(m_ssl->GetContext(0).negotiateTime, 300);
    EXPECT_EQ(m_ssl->GetContext(0).caCert, "");
}

TEST_F(QuectelSslCommandsTest, CipherSuiteHexForms)
{
    // Quoted hex is an error on a real module (EnviroDIY sends the unquoted form).
    EXPECT_EQ(Type("AT+QSSLCFG=\"ciphersuite\",0,\"0XFFFF\"\r"), ERR);
    EXPECT_EQ(Type("AT+QSSLCFG=\"ciphersuite\",0,\"0X0035\"\r"), ERR);
    // Decimal and unknown or unsupported suites are errors too.
    EXPECT_EQ(Type("AT+QSSLCFG=\"ciphersuite\",0,53\r"), ERR);
    EXPECT_EQ(Type("AT+QSSLCFG=\"ciphersuite\",0,0X1301\r"), ERR);
    EXPECT_EQ(Type("AT+QSSLCFG=\"ciphersuite\",0,0X10000\r"), ERR);
    EXPECT_EQ(m_ssl->GetContext(0).cipherSuite, 0xFFFF);
    // Lower-case x (bg9x_ssl_zephyr) is accepted; the query prints upper case.
    EXPECT_EQ(Type("AT+QSSLCFG=\"ciphersuite\",1,0xc02f\r"), OK);
    EXPECT_EQ(Type("AT+QSSLCFG=\"ciphersuite\",1\r"),
              "\r\n+QSSLCFG: \"ciphersuite\",1,0XC02F\r\n" + OK);
    EXPECT_EQ(Type("AT+QSSLCFG=\"ciphersuite\",1,0xFFFF\r"), OK);
    EXPECT_EQ(m_ssl->GetContext(1).cipherSuite, 0xFFFF);
    EXPECT_EQ(Type("AT+QSSLCFG=\"ciphersuite\",0,0XFFFF\r"), OK);
}

TEST_F(QuectelSslCommandsTest, TestCommandFollowsTheManual)
{
    std::string suites;
    for (uint16_t id : m_bench.module->GetProfile().GetCipherSuites())
    {
        suites += CipherSuiteTable::FormatQuectelId(id) + ",";
    }
    const std::string expected = "\r\n+QSSLCFG: \"sslversion\",(0-5),(0-4)\r\n"
                                 "+QSSLCFG: \"ciphersuite\",(0-5),(" +
                                 suites +
                                 "0XFFFF)\r\n"
                                 "+QSSLCFG: \"cacert\",(0-5),<cacertpath>\r\n"
                                 "+QSSLCFG: \"clientcert\",(0-5),<clientcertpath>\r\n"
                                 "+QSSLCFG: \"clientkey\",(0-5),<clientkeypath>\r\n"
                                 "+QSSLCFG: \"seclevel\",(0-5),(0-2)\r\n"
                                 "+QSSLCFG: \"session\",(0-5),(0,1)\r\n"
                                 "+QSSLCFG: \"sni\",(0-5),(0,1)\r\n"
                                 "+QSSLCFG: \"checkhost\",(0-5),(0,1)\r\n"
                                 "+QSSLCFG: \"ignorelocaltime\",(0-5),(0,1)\r\n"
                                 "+QSSLCFG: \"negotiatetime\",(0-5),(10-300)\r\n"
                                 "+QSSLCFG: \"renegotiation\",(0-5),(0,1)\r\n"
                                 "+QSSLCFG: \"dtls\",(0-5),(0,1)\r\n"
                                 "+QSSLCFG: \"dtlsversion\",(0-5),(0-2)\r\n" +
                                 OK;
    EXPECT_EQ(Type("AT+QSSLCFG=?\r"), expected);
    EXPECT_EQ(suites.substr(0, 14), "0X0035,0X002F,");
    EXPECT_EQ(Type("AT+QSSLCRYPT=?\r"),
              "\r\n+QSSLCRYPT: (\"AES\",\"MD5\"),<input_data>,(0,1),(0,1),<key>\r\n" + OK);
}

TEST_F(QuectelSslCommandsTest, CryptAesRoundTripAndMd5)
{
    // MD5("abc"), RFC 1321 A.5.
    EXPECT_EQ(Type("AT+QSSLCRYPT=\"MD5\",\"abc\"\r"),
              "\r\n+QSSLCRYPT: \"MD5\",\"900150983CD24FB0D6963F7D28E17F72\"\r\n" + OK);
    // Known answer from `openssl enc -aes-128-cbc -K <key> -iv 0 -nopad`.
    const std::string key = "\"0123456789abcdef\"";
    const std::string plain = "Hello, Quectel! 0123456789ABCDEF"; // 32 bytes
    const std::string cipherHex =
        "4ED11E9B34B2AB4707E57057DF71B489BB3A87BE11D1C8B86F201E0A7B371846";
    ASSERT_EQ(cipherHex.size(), 64u);
    EXPECT_EQ(Type("AT+QSSLCRYPT=\"AES\",\"" + plain + "\",0,1," + key + "\r"),
              "\r\n+QSSLCRYPT: \"AES\",\"" + cipherHex + "\"\r\n" + OK);
    // Decrypting the hex output gives the input back (as hex).
    EXPECT_EQ(Type("AT+QSSLCRYPT=\"AES\",\"" + cipherHex + "\",1,0," + key + "\r"),
              "\r\n+QSSLCRYPT: \"AES\",\"" + QuectelSslCommands::ToHex(plain) + "\"\r\n" + OK);
    // Hex input is accepted in either case.
    std::string lower = cipherHex;
    for (auto& ch : lower)
    {
        ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    }
    EXPECT_EQ(Type("AT+QSSLCRYPT=\"AES\",\"" + lower + "\",1,0," + key + "\r"),
              "\r\n+QSSLCRYPT: \"AES\",\"" + QuectelSslCommands::ToHex(plain) + "\"\r\n" + OK);
}

TEST_F(QuectelSslCommandsTest, CryptErrors)
{
    const std::string key = "\"0123456789abcdef\"";
    EXPECT_EQ(Type("AT+QSSLCRYPT=\"AES\",\"short\",0,1," + key + "\r"), ERR); // not 16n
    EXPECT_EQ(Type("AT+QSSLCRYPT=\"AES\",\"\",0,1," + key + "\r"), ERR);      // empty
    EXPECT_EQ(Type("AT+QSSLCRYPT=\"AES\",\"0123456789abcdef\",0,1,\"short\"\r"), ERR);
    EXPECT_EQ(Type("AT+QSSLCRYPT=\"AES\",\"0123456789abcdef\",2,1," + key + "\r"), ERR);
    EXPECT_EQ(Type("AT+QSSLCRYPT=\"AES\",\"0123456789abcdef\",0,2," + key + "\r"), ERR);
    EXPECT_EQ(Type("AT+QSSLCRYPT=\"AES\",\"0123456789abcdeX\",1,1," + key + "\r"), ERR); // hex
    EXPECT_EQ(Type("AT+QSSLCRYPT=\"AES\",\"0123456789abcdef\",0,1\r"), ERR);
    EXPECT_EQ(Type("AT+QSSLCRYPT=\"SHA1\",\"abc\"\r"), ERR);
    EXPECT_EQ(Type("AT+QSSLCRYPT=\"MD5\",abc\r"), ERR);
    EXPECT_EQ(Type("AT+QSSLCRYPT=\"MD5\",\"" + std::string(257, 'a') + "\"\r"), ERR);
    EXPECT_EQ(Type("AT+QSSLCRYPT=\"MD5\",\"" + std::string(256, 'a') + "\"\r").substr(0, 20),
              "\r\n+QSSLCRYPT: \"MD5\",");
    // 272 bytes (a multiple of 16) is over the 256-byte limit.
    EXPECT_EQ(Type("AT+QSSLCRYPT=\"AES\",\"" + std::string(272, 'a') + "\",0,1," + key + "\r"),
              ERR);
    EXPECT_EQ(Type("AT+QSSLCRYPT?\r"), ERR);
}

} // namespace
