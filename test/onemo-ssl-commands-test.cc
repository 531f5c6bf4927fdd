/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// AT+MSSLCFG (OneMO SSL AT command manual 3.1) on an ML307R (4G series, SSL IDs 0-5, no "psk")
// and an MN316 (NB series, SSL IDs 0-4): the manual's examples byte-exact, defaults, every
// sub-command's range, and the per-model differences.

#include "lpwa-test-harness.h"

#include "ns3/lpwa-module.h"
#include "ns3/onemo-certificate-commands.h"
#include "ns3/onemo-ssl-commands.h"
#include "ns3/simulator.h"
#include "ns3/string.h"

#include <gtest/gtest.h>

using namespace ns3;
using namespace ns3::lpwa;

namespace
{

/// A host driving a OneMO module (the profile named in Start()) over a UART, echo off.
class OneMoFixture : public ::testing::Test
{
  protected:
    void Start(const std::string& model)
    {
        m_bench.Create();
        m_bench.module->SetAttribute("Profile", StringValue(model));
        m_ssl = CreateObject<OneMoSslCommands>();
        m_certs = CreateObject<OneMoCertificateCommands>();
        m_bench.module->AddCommandSet(m_ssl);
        m_bench.module->AddCommandSet(m_certs);
        m_bench.StartEchoOff();
    }

    void TearDown() override
    {
        if (m_bench.module)
        {
            m_bench.Dispose();
        }
        m_ssl = nullptr;
        m_certs = nullptr;
        Simulator::Destroy();
    }

    /// Type text, let `wait` of simulated time pass, return what came back.
    std::string Type(const std::string& text, Time wait = Seconds(2))
    {
        return m_bench.host.Cmd(text, wait);
    }

    test::ModuleBench m_bench;
    Ptr<OneMoSslCommands> m_ssl;
    Ptr<OneMoCertificateCommands> m_certs;
};

const std::string OK = "\r\nOK\r\n";
const std::string ERR = "\r\nERROR\r\n";

/// The framed `+CME ERROR: <code>`.
std::string
Cme(uint32_t code)
{
    return "\r\n+CME ERROR: " + std::to_string(code) + "\r\n";
}

/// Framed information lines of one response (before its final result).
std::string
Lines(const std::vector<std::string>& lines)
{
    std::string out = "\r\n";
    for (const auto& l : lines)
    {
        out += l + "\r\n";
    }
    return out;
}

using OneMoSslCommandsTest = OneMoFixture;

TEST_F(OneMoSslCommandsTest, ManualExamplesByteExactOnMn316)
{
    Start("MN316");
    // 配置pskid
    EXPECT_EQ(Type("AT+MSSLCFG=\"psk\",1,\"1\"\r"), OK);
    EXPECT_EQ(m_ssl->GetContext(1).pskId, "1");
    // 查询ssl id1的加密套件 (after setting it to 0x01: the default is 0)
    EXPECT_EQ(Type("AT+MSSLCFG=\"ciphersuite\",1,01\r"), OK);
    EXPECT_EQ(Type("AT+MSSLCFG=\"ciphersuite\",1\r"),
              Lines({"+MSSLCFG: \"ciphersuite\",1,0x01"}) + OK);
    // 设置ssl id1的加密套件
    EXPECT_EQ(Type("AT+MSSLCFG=\"ciphersuite\",1,2D\r"), OK);
    EXPECT_EQ(m_ssl->GetContext(1).cipherSuite, 0x2D);
    EXPECT_EQ(Type("AT+MSSLCFG=\"ciphersuite\",1\r"),
              Lines({"+MSSLCFG: \"ciphersuite\",1,0x2D"}) + OK);
    // 查询所有ssl id的输入数据编码格式 (NB series: IDs 0-4)
    EXPECT_EQ(Type("AT+MSSLCFG=\"encoding\"\r"),
              Lines({"+MSSLCFG: \"encoding\",0,2",
                     "+MSSLCFG: \"encoding\",1,2",
                     "+MSSLCFG: \"encoding\",2,2",
                     "+MSSLCFG: \"encoding\",3,2",
                     "+MSSLCFG: \"encoding\",4,2"}) +
                  OK);
}

TEST_F(OneMoSslCommandsTest, EncodingListOnMl307rHasSixIds)
{
    Start("ML307R");
    EXPECT_EQ(m_ssl->GetContextCount(), 6U);
    EXPECT_EQ(Type("AT+MSSLCFG=\"encoding\"\r"),
              Lines({"+MSSLCFG: \"encoding\",0,2",
                     "+MSSLCFG: \"encoding\",1,2",
                     "+MSSLCFG: \"encoding\",2,2",
                     "+MSSLCFG: \"encoding\",3,2",
                     "+MSSLCFG: \"encoding\",4,2",
                     "+MSSLCFG: \"encoding\",5,2"}) +
                  OK);
}

TEST_F(OneMoSslCommandsTest, TestCommandListsTheSupportedCmds)
{
    Start("ML307R");
    EXPECT_EQ(Type("AT+MSSLCFG=?\r"),
              Lines({"+MSSLCFG: (\"auth\",\"cert\",\"encoding\",\"negotime\",\"version\","
                     "\"ciphersuite\",\"session\",\"ignorestamp\",\"ignoreverify\")"}) +
                  OK);
    m_bench.Dispose();
    m_bench.module = nullptr;
    Simulator::Destroy();
    Start("MN316");
    EXPECT_EQ(Type("AT+MSSLCFG=?\r"),
              Lines({"+MSSLCFG: (\"auth\",\"cert\",\"psk\",\"encoding\",\"negotime\",\"version\","
                     "\"ciphersuite\",\"session\",\"ignorestamp\",\"ignoreverify\")"}) +
                  OK);
}

TEST_F(OneMoSslCommandsTest, EverySubCommandQueriesItsDefault)
{
    Start("MN316");
    const std::vector<std::pair<std::string, std::string>> defaults = {
        {"auth", "0"},
        {"cert", "\"\",\"\",\"\""},
        {"psk", "\"\""},
        {"encoding", "2"},
        {"negotime", "300"},
        {"version", "255"},
        {"ciphersuite", "0x00"},
        {"session", "1"},
        {"ignorestamp", "1"},
        {"ignoreverify", "0"},
    };
    for (const auto& d : defaults)
    {
        std::vector<std::string> all;
        for (uint32_t id = 0; id < 5; ++id)
        {
            const std::string line =
                "+MSSLCFG: \"" + d.first + "\"," + std::to_string(id) + "," + d.second;
            all.push_back(line);
            EXPECT_EQ(Type("AT+MSSLCFG=\"" + d.first + "\"," + std::to_string(id) + "\r"),
                      Lines({line}) + OK);
        }
        EXPECT_EQ(Type("AT+MSSLCFG=\"" + d.first + "\"\r"), Lines(all) + OK);
    }
}

TEST_F(OneMoSslCommandsTest, SetsEverySubCommand)
{
    Start("MN316");
    EXPECT_EQ(Type("AT+MSSLCFG=\"auth\",2,2\r"), OK);
    EXPECT_EQ(Type("AT+MSSLCFG=\"cert\",2,\"test.cer\",\"test.clientcer\",\"test.key\"\r"), OK);
    EXPECT_EQ(Type("AT+MSSLCFG=\"psk\",2,\"123\"\r"), OK);
    EXPECT_EQ(Type("AT+MSSLCFG=\"encoding\",2,2\r"), OK);
    EXPECT_EQ(Type("AT+MSSLCFG=\"negotime\",2,10\r"), OK);
    EXPECT_EQ(Type("AT+MSSLCFG=\"version\",2,3\r"), OK);
    EXPECT_EQ(Type("AT+MSSLCFG=\"ciphersuite\",2,0xC02F\r"), OK);
    EXPECT_EQ(Type("AT+MSSLCFG=\"session\",2,0\r"), OK);
    EXPECT_EQ(Type("AT+MSSLCFG=\"ignorestamp\",2,0\r"), OK);
    EXPECT_EQ(Type("AT+MSSLCFG=\"ignoreverify\",2,1\r"), OK);
    const OneMoSslContextConfig& c = m_ssl->GetContext(2);
    EXPECT_EQ(c.certVerify, 2);
    EXPECT_EQ(c.serverCert, "test.cer");
    EXPECT_EQ(c.clientCert, "test.clientcer");
    EXPECT_EQ(c.clientKey, "test.key");
    EXPECT_EQ(c.pskId, "123");
    EXPECT_EQ(c.inputFormat, 2);
    EXPECT_EQ(c.negotiateTimeout, 10);
    EXPECT_EQ(c.sslVersion, 3);
    EXPECT_EQ(c.cipherSuite, 0xC02F);
    EXPECT_FALSE(c.session);
    EXPECT_FALSE(c.ignoreStamp);
    EXPECT_TRUE(c.ignoreVerify);
    EXPECT_EQ(Type("AT+MSSLCFG=\"cert\",2\r"),
              Lines({"+MSSLCFG: \"cert\",2,\"test.cer\",\"test.clientcer\",\"test.key\""}) + OK);
    EXPECT_EQ(Type("AT+MSSLCFG=\"ciphersuite\",2\r"),
              Lines({"+MSSLCFG: \"ciphersuite\",2,0xC02F"}) + OK);
    EXPECT_EQ(Type("AT+MSSLCFG=\"psk\",2\r"), Lines({"+MSSLCFG: \"psk\",2,\"123\""}) + OK);
    // One name only (one-way authentication, chapter 4): the others are cleared.
    EXPECT_EQ(Type("AT+MSSLCFG=\"cert\",2,\"test.cer\"\r"), OK);
    EXPECT_EQ(Type("AT+MSSLCFG=\"cert\",2\r"),
              Lines({"+MSSLCFG: \"cert\",2,\"test.cer\",\"\",\"\""}) + OK);
    // Other IDs untouched; ciphersuite 0 (all) and a quoted hex value are accepted.
    EXPECT_EQ(m_ssl->GetContext(1).certVerify, 0);
    EXPECT_EQ(Type("AT+MSSLCFG=\"ciphersuite\",2,0\r"), OK);
    EXPECT_EQ(Type("AT+MSSLCFG=\"ciphersuite\",3,\"0x3D\"\r"), OK);
    EXPECT_EQ(m_ssl->GetContext(3).cipherSuite, 0x3D);
    EXPECT_EQ(Type("AT+MSSLCFG=\"version\",2,255\r"), OK);
    EXPECT_EQ(Type("AT+MSSLCFG=\"version\",2,0\r"), OK);
}

TEST_F(OneMoSslCommandsTest, ChapterFourConfigurationSteps)
{
    Start("ML307R");
    EXPECT_EQ(Type("AT+MSSLCFG=\"auth\",0,0\r"), OK);
    EXPECT_EQ(Type("AT+MSSLCFG=\"auth\",1,1\r"), OK);
    EXPECT_EQ(Type("AT+MSSLCFG=\"cert\",1,\"test.cer\"\r"), OK);
    EXPECT_EQ(Type("AT+MSSLCFG=\"auth\",2,2\r"), OK);
    EXPECT_EQ(Type("AT+MSSLCFG=\"cert\",2,\"test.cer\",\"test.clientcer\",\"test.key\"\r"), OK);
    EXPECT_EQ(Type("AT+MSSLCFG=\"auth\"\r"),
              Lines({"+MSSLCFG: \"auth\",0,0",
                     "+MSSLCFG: \"auth\",1,1",
                     "+MSSLCFG: \"auth\",2,2",
                     "+MSSLCFG: \"auth\",3,0",
                     "+MSSLCFG: \"auth\",4,0",
                     "+MSSLCFG: \"auth\",5,0"}) +
                  OK);
}

TEST_F(OneMoSslCommandsTest, EveryParameterOutOfRangeIsError50)
{
    Start("ML307R");
    const std::vector<std::string> bad = {
        "\"auth\",0,3",
        "\"auth\",0,-1",
        "\"auth\",6,0",
        "\"auth\",6",
        "\"auth\",-1",
        "\"auth\",\"0\",0",
        "\"auth\",0,\"1\"",
        "\"auth\",0,1,1",
        "\"auth\",0,",
        "\"cert\",6,\"a\"",
        "\"cert\",0,a",
        "\"cert\",0,\"" + std::string(65, 'c') + "\"",
        "\"cert\",0,\"a\",\"" + std::string(65, 'c') + "\"",
        "\"cert\",0,\"a\",\"b\",\"c\",\"d\"",
        "\"cert\",0,,\"b\"",
        "\"psk\",0,\"1\"", // 4G series: no "psk" (footnote 3)
        "\"psk\"",
        "\"encoding\",0,0", // only 2 on the listed models (footnote 4)
        "\"encoding\",0,1",
        "\"encoding\",0,3",
        "\"negotime\",0,9",
        "\"negotime\",0,301",
        "\"version\",0,4",
        "\"version\",0,254",
        "\"version\",0,256",
        "\"ciphersuite\",0,0x10000",
        "\"ciphersuite\",0,0x03",   // not in the appendix
        "\"ciphersuite\",0,0xFFFF", // Quectel's "all" is no OneMO value
        "\"ciphersuite\",0,XYZ",
        "\"ciphersuite\",0,",
        "\"session\",0,2",
        "\"ignorestamp\",0,2",
        "\"ignoreverify\",0,2",
        "\"ignoreverify\",0,-1",
        "\"sslversion\",0,1",
        "auth,0,0",
        "\"\"",
    };
    for (const auto& b : bad)
    {
        EXPECT_EQ(Type("AT+MSSLCFG=" + b + "\r"), Cme(50)) << b;
    }
    // Forms the manual does not list.
    EXPECT_EQ(Type("AT+MSSLCFG?\r"), ERR);
    EXPECT_EQ(Type("AT+MSSLCFG\r"), ERR);
    // Nothing changed.
    EXPECT_EQ(m_ssl->GetContext(0).certVerify, 0);
    EXPECT_EQ(m_ssl->GetContext(0).negotiateTimeout, 300);
    EXPECT_EQ(m_ssl->GetContext(0).cipherSuite, 0);
}

TEST_F(OneMoSslCommandsTest, NbSeriesRangesAndEncodings)
{
    Start("MN316");
    EXPECT_EQ(Type("AT+MSSLCFG=\"auth\",5,0\r"), Cme(50));
    EXPECT_EQ(Type("AT+MSSLCFG=\"auth\",4,1\r"), OK);
    EXPECT_EQ(Type("AT+MSSLCFG=\"psk\",0,\"" + std::string(65, 'p') + "\"\r"), Cme(50));
    EXPECT_EQ(Type("AT+MSSLCFG=\"psk\",0,\"" + std::string(64, 'p') + "\"\r"), OK);
    EXPECT_EQ(Type("AT+MSSLCFG=\"psk\",0,1\r"), Cme(50));
    EXPECT_EQ(Type("AT+MSSLCFG=\"encoding\",0,1\r"), Cme(50));
    m_bench.Dispose();
    m_bench.module = nullptr;
    Simulator::Destroy();
    // MN316-S is not in footnote 4: all three input formats.
    Start("MN316-S");
    EXPECT_EQ(Type("AT+MSSLCFG=\"encoding\",0,0\r"), OK);
    EXPECT_EQ(Type("AT+MSSLCFG=\"encoding\",1,1\r"), OK);
    EXPECT_EQ(Type("AT+MSSLCFG=\"encoding\",2,2\r"), OK);
    EXPECT_EQ(Type("AT+MSSLCFG=\"encoding\",2,3\r"), Cme(50));
    EXPECT_EQ(Type("AT+MSSLCFG=\"encoding\"\r"),
              Lines({"+MSSLCFG: \"encoding\",0,0",
                     "+MSSLCFG: \"encoding\",1,1",
                     "+MSSLCFG: \"encoding\",2,2",
                     "+MSSLCFG: \"encoding\",3,2",
                     "+MSSLCFG: \"encoding\",4,2"}) +
                  OK);
}

TEST_F(OneMoSslCommandsTest, SubCommandNamesIgnoreCase)
{
    Start("ML307R");
    EXPECT_EQ(Type("AT+MSSLCFG=\"NEGOTIME\",0,60\r"), OK);
    EXPECT_EQ(Type("AT+MSSLCFG=\"negotime\",0\r"), Lines({"+MSSLCFG: \"negotime\",0,60"}) + OK);
}

TEST_F(OneMoSslCommandsTest, FormatCipherId)
{
    EXPECT_EQ(OneMoSslCommands::FormatCipherId(0), "0x00");
    EXPECT_EQ(OneMoSslCommands::FormatCipherId(0x01), "0x01");
    EXPECT_EQ(OneMoSslCommands::FormatCipherId(0x3D), "0x3D");
    EXPECT_EQ(OneMoSslCommands::FormatCipherId(0xC02F), "0xC02F");
}

} // namespace
