/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// AT+MSSLCERTWR, AT+MSSLKEYWR, AT+MSSLCERTRD, AT+MSSLLIST, AT+MSSLRM, AT+MSSLPSK,
// AT+MSSLCHECK and AT+MSSLCIPHER (OneMO SSL AT command manual 3.2-3.9) on an ML307R and an
// MN316: the manual's examples byte-exact, every error code 760-769, the deep-sleep loss and
// the per-model differences.

#include "lpwa-test-harness.h"

#include "ns3/lpwa-module.h"
#include "ns3/module-file-system.h"
#include "ns3/module-profile.h"
#include "ns3/onemo-certificate-commands.h"
#include "ns3/onemo-ssl-commands.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/test-pki-helper.h"
#include "ns3/uinteger.h"

#include <algorithm>
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

/// The certificate of the AT+MSSLCERTWR example (3.2): 1261 bytes, LF line ends.
const std::string BAIDU_CER = "-----BEGIN CERTIFICATE-----\n"
                              "MIIDdTCCAl2gAwIBAgILBAAAAAABFUtaw5QwDQYJKoZIhvcNAQEFBQAwVzELMAkG\n"
                              "A1UEBhMCQkUxGTAXBgNVBAoTEEdsb2JhbFNpZ24gbnYtc2ExEDAOBgNVBAsTB1Jv\n"
                              "b3QgQ0ExGzAZBgNVBAMTEkdsb2JhbFNpZ24gUm9vdCBDQTAeFw05ODA5MDExMjAw\n"
                              "MDBaFw0yODAxMjgxMjAwMDBaMFcxCzAJBgNVBAYTAkJFMRkwFwYDVQQKExBHbG9i\n"
                              "YWxTaWduIG52LXNhMRAwDgYDVQQLEwdSb290IENBMRswGQYDVQQDExJHbG9iYWxT\n"
                              "aWduIFJvb3QgQ0EwggEiMA0GCSqGSIb3DQEBAQUAA4IBDwAwggEKAoIBAQDaDuaZ\n"
                              "jc6j40+Kfvvxi4Mla+pIH/EqsLmVEQS98GPR4mdmzxzdzxtIK+6NiY6arymAZavp\n"
                              "xy0Sy6scTHAHoT0KMM0VjU/43dSMUBUc71DuxC73/OlS8pF94G3VNTCOXkNz8kHp\n"
                              "1Wrjsok6Vjk4bwY8iGlbKk3Fp1S4bInMm/k8yuX9ifUSPJJ4ltbcdG6TRGHRjcdG\n"
                              "snUOhugZitVtbNV4FpWi6cgKOOvyJBNPc1STE4U6G7weNLWLBYy5d4ux2x8gkasJ\n"
                              "U26Qzns3dLlwR5EiUWMWea6xrkEmCMgZK9FGqkjWZCrXgzT/LCrBbBlDSgeF59N8\n"
                              "9iFo7+ryUp9/k5DPAgMBAAGjQjBAMA4GA1UdDwEB/wQEAwIBBjAPBgNVHRMBAf8E\n"
                              "BTADAQH/MB0GA1UdDgQWBBRge2YaRQ2XyolQL30EzTSo//z9SzANBgkqhkiG9w0B\n"
                              "AQUFAAOCAQEA1nPnfE920I2/7LqivjTFKDK1fPxsnCwrvQmeU79rXqoRSLblCKOz\n"
                              "yj1hTdNGCbM+w6DjY1Ub8rrvrTnhQ7k4o+YviiY776BQVvnGCv04zcQLcFGUl5gE\n"
                              "38NflNUVyRRBnMRddWQVDf9VMOyGj/8N7yy5Y0b2qvzfvGn9LhJIZJrglfCm7ymP\n"
                              "AbEVtQwdpf5pLGkkeB6zpxxxYu7KyJesF12KwvhHhm4qxFYxldBniYUr+WymXUad\n"
                              "DKqC5JlR3XC321Y9YeRq4VzW9v493kHMB65jUr9TU/Qr6cf9tveCX4XSQRjbgbME\n"
                              "HMUfpIBvFSDJ3gyICh3WZlXi/EjJKSZp4A==\n"
                              "-----END CERTIFICATE-----\n";

/// The key of the AT+MSSLKEYWR example (3.3): 1674 bytes, LF line ends, no final LF;
/// its MD5 is the AT+MSSLCHECK example's 9e5e120bc7827646a0c4b007ec3e1453.
const std::string TEST_KEY = "-----BEGIN RSA PRIVATE KEY-----\n"
                             "MIIEowIBAAKCAQEAiMdJCQi3trZSSRAPW+L5Up53R/gFLuj2wN+DWLujkuXprLEO\n"
                             "E5QzNCA+jcA1YeIbHDmKxv/mTalRmchL77T6Qjdx21W11PJh47/DKW18VaWjU0dr\n"
                             "FiHPuUZiN3NUKjacQIow2yEN3K3x/hOr7dpWkyrv6ZHKHbuz+1V97IXt0CFMqqh6\n"
                             "8gTHsJct8ycKOgt1yI/ZBq7s+gwAAiwF3entQ0RxVStW+1xSKPylRZlZlULMu0Tt\n"
                             "qHhf3fc1oYFCmylJUIFF7Sq6AI14BGIV23DCgfGTUihDmERZrcnIU+eIHQiV8nMH\n"
                             "bqi1Uh/BjOaeY0L5xwPjyx2WrZiYyq3SEtry0QIDAQABAoIBAADi78N9+bjWripY\n"
                             "jwzsp+qD6eh+wEPZUS4XVMHYt3rugAj1Pc7dLUbHdbhT+FSZ00ynx9E529uBfyyk\n"
                             "um9DiEKxGs0N3WeTqZRBDCoC0mU4tVoHErfaQL8l6GGNHwzF/VXCv4XQDUeyneik\n"
                             "Zn8cZOa/xr3ICtwN+SDmITKM/KlWZ3x5wWO47vFbaDK8OHPRfwL4CdCxjBHlQ/eE\n"
                             "p2+g3GWe43XWPfhLe7h+/sl5xHaoLbl9wsIzxK2DwBXiKsaqikEbTkc5qTFjtbAB\n"
                             "C2hbDmHEyGewpT2dTfZKwtQGvgF8ja0qmOc1z8PB8m2Y5fUwUw89bU5WbEE61WUq\n"
                             "bFkGlxUCgYEAvv59fg/jc75w644TwUnmLTR72z3KZI1qxiYaO1Kd0wc60nzPHnwi\n"
                             "8Ecyld4dZ73Q5HUl1OG/5Pz/Orpr97wRN/CP/Td0NbTIs7hjn3C39z49m6jf05KH\n"
                             "xZaQx/CT6ZuQaI8j1Qp/wbW8AxxEE4sFsv511Oq/doBMWyKpg2aak50CgYEAt1Tu\n"
                             "WKitqMCq0lst/gc67svMZjb4Q3LoIIaQFgOCVLVPou2iZuIYrRUKOoPt5KCp4T2K\n"
                             "rh6Mjf6yAXOpw4NxUQXNMOJZmTWthCFc/XvFKC/dcxT8icg7tCBuHjMRTU3AZ2qt\n"
                             "oRqmoZnZ6c7poPEU5WhH0KNbNQdstjK/vcChV8UCgYEAt8FHYZrNvdUS9T5reUKt\n"
                             "Jv7gzw2DBP0eJmgQQtT4rUi+ajbUWsMaJkyJubDKX747FSI0dL2Bj0FuGcW0DNQv\n"
                             "SL+0+O16bBV0J50WlBaxmDmUsodmWTsYT5zNzN+En3QhGsfktJp2UhuUOPXf9WGC\n"
                             "6TRyj5gO/2buj5wotRhpTe0CgYBA5MFRhLOjzj8pIrlO+AQ2TtFVRRPv3BaqnLcX\n"
                             "87oIff1ocLFRtaqCabYrLFPi37QCVKRoKcwa3xLnTKfE2xwbT/Bn41dP0h5PbPfb\n"
                             "ihoptXevqrgRlVz8z5Xq/qybLnByquI26pYdEbZ++ozcOTnqUlVJVumMBcrHW4Nf\n"
                             "iXYS+QKBgAVP/tJo5INN39snrFZltr/ihbdMYBKZ7LdJfYMdUggVdpteOAbtNwyV\n"
                             "5hiy8dA0N5VStwqPBUIOpRNH+LJWuKlLAsYc+z3Apjebn/9egpPG82J2iwLCxjUg\n"
                             "MgrkGgKYoZljkmH4MKKdBI4OBGFij3aazJsYe9HJKHoLcMON3Q46\n"
                             "-----END RSA PRIVATE KEY-----";

/// A line break written the escaped way (footnotes 5 and 6): `\r\n` typed as four characters.
std::string
Escape(const std::string& pem)
{
    std::string out;
    for (char c : pem)
    {
        out += c == '\n' ? std::string("\\r\\n") : std::string(1, c);
    }
    return out;
}

/// What an escaped write stores: LF line ends become CR LF.
std::string
Crlf(const std::string& pem)
{
    std::string out;
    for (char c : pem)
    {
        out += c == '\n' ? std::string("\r\n") : std::string(1, c);
    }
    return out;
}

/// An inline escaped write command (length = typed length).
std::string
InlineWrite(const std::string& cmd, const std::string& name, int remain, const std::string& pem)
{
    const std::string typed = Escape(pem);
    return "AT+" + cmd + "=\"" + name + "\"," + std::to_string(remain) + "," +
           std::to_string(typed.size()) + ",\"" + typed + "\"\r";
}

/// The test root CA as PEM.
std::string
CaPem()
{
    return TestPkiHelper().GetCaPem(TestPkiHelper::RSA_2048);
}

/// A PEM block of the right type whose content is no certificate / key (loads fail: 769).
const std::string GARBAGE_CERT =
    "-----BEGIN CERTIFICATE-----\nTUlJQg==\n-----END CERTIFICATE-----\n";
const std::string GARBAGE_KEY =
    "-----BEGIN PRIVATE KEY-----\nTUlJQg==\n-----END PRIVATE KEY-----\n";

using OneMoCertificateCommandsTest = OneMoFixture;

TEST_F(OneMoCertificateCommandsTest, ManualExamples32To36ByteExactOnMl307r)
{
    Start("ML307R");
    // 3.2 配置SSL证书
    EXPECT_EQ(Type("AT+MSSLCERTWR=\"baidu.cer\",0,1261\r"), "\r\n> ");
    EXPECT_EQ(Type(BAIDU_CER), OK);
    // 3.3 写入SSL私钥
    EXPECT_EQ(Type("AT+MSSLKEYWR=\"test.key\",0,1674\r"), "\r\n> ");
    EXPECT_EQ(Type(TEST_KEY), OK);
    // 3.4 读取SSL证书
    EXPECT_EQ(Type("AT+MSSLCERTRD=\"baidu.cer\"\r"),
              Lines({"+MSSLCERTRD: 1261," + BAIDU_CER}) + OK);
    // 3.5 查询存储的公钥证书: test.cer is the test root padded with a comment to 1824 bytes
    // (text before -----BEGIN is ignored by PEM readers).
    const std::string ca = CaPem();
    ASSERT_LT(ca.size(), 1800U);
    const std::string testCer = "# " + std::string(1824 - ca.size() - 3, 'x') + "\n" + ca;
    ASSERT_EQ(testCer.size(), 1824U);
    EXPECT_EQ(Type("AT+MSSLCERTWR=\"test.cer\",0,1824\r"), "\r\n> ");
    EXPECT_EQ(Type(testCer), OK);
    EXPECT_EQ(Type("AT+MSSLLIST=1\r"),
              Lines({"+MSSLLIST: \"baidu.cer\",1261", "+MSSLLIST: \"test.cer\",1824"}) + OK);
    // 查询存储的私钥
    EXPECT_EQ(Type("AT+MSSLLIST=2\r"), Lines({"+MSSLLIST: \"test.key\",1674"}) + OK);
    // 查询存储的PSK（不存在PSK文件）
    EXPECT_EQ(Type("AT+MSSLLIST=3\r"), OK);
    // 3.8 校验客户端密钥
    EXPECT_EQ(Type("AT+MSSLCHECK=\"test.key\"\r"),
              Lines({"+MSSLCHECK: 9e5e120bc7827646a0c4b007ec3e1453"}) + OK);
    EXPECT_EQ(Type("AT+MSSLCHECK=\"test.key\",0\r"),
              Lines({"+MSSLCHECK: 9e5e120bc7827646a0c4b007ec3e1453"}) + OK);
    // 3.6 删除SSL证书
    EXPECT_EQ(Type("AT+MSSLRM=\"baidu.cer\"\r"), OK);
    EXPECT_EQ(Type("AT+MSSLLIST=1\r"), Lines({"+MSSLLIST: \"test.cer\",1824"}) + OK);
    EXPECT_FALSE(m_bench.module->GetFileSystem()->Exists("baidu.cer"));
    // The files live in the module's file system.
    std::string stored;
    ASSERT_TRUE(m_certs->GetContent("test.key", stored));
    EXPECT_EQ(stored, TEST_KEY);
    std::vector<uint8_t> raw;
    ASSERT_EQ(m_bench.module->GetFileSystem()->Read("test.cer", raw), ModuleFileSystem::Result::OK);
    EXPECT_EQ(std::string(raw.begin(), raw.end()), testCer);
    // Test forms of the write commands.
    EXPECT_EQ(Type("AT+MSSLCERTWR=?\r"), OK);
    EXPECT_EQ(Type("AT+MSSLKEYWR=?\r"), OK);
}

TEST_F(OneMoCertificateCommandsTest, ManualExample37PskOnMn316)
{
    Start("MN316");
    EXPECT_EQ(Type("AT+MSSLPSK=\"123\",\"2345\"\r"), OK);
    EXPECT_EQ(Type("AT+MSSLLIST=3\r"), Lines({"+MSSLLIST: \"123\",4"}) + OK);
    EXPECT_EQ(Type("AT+MSSLCHECK=\"123\"\r"),
              Lines({"+MSSLCHECK: 81b073de9370ea873f548e31b8adc081"}) + OK);
    // A PSK cannot be read back, but can be removed.
    EXPECT_EQ(Type("AT+MSSLCERTRD=\"123\"\r"), Cme(766));
    EXPECT_EQ(Type("AT+MSSLPSK=\"123\",\"6789\"\r"), OK); // replaced
    EXPECT_EQ(Type("AT+MSSLCHECK=\"123\"\r"),
              Lines({"+MSSLCHECK: " + OneMoCertificateCommands::Digest("6789", 0)}) + OK);
    EXPECT_EQ(Type("AT+MSSLRM=\"123\"\r"), OK);
    EXPECT_EQ(Type("AT+MSSLLIST=3\r"), OK);
}

/// The manual's AT+MSSLCIPHER example lists three suites: a profile with exactly those.
TEST_F(OneMoCertificateCommandsTest, ManualExample39CipherQuery)
{
    static bool registered = false;
    if (!registered)
    {
        ModuleProfile p(*ModuleProfile::Find("ML307R"));
        ModuleProfile::Register(
            p.SetName("TEST-ONEMO-EXAMPLE-3-9").SetCipherSuites({0x01, 0x16, 0x3D}));
        registered = true;
    }
    Start("TEST-ONEMO-EXAMPLE-3-9");
    EXPECT_EQ(Type("AT+MSSLCIPHER=?\r"), Lines({"+MSSLCIPHER: (0x01,0x16,0x3D)"}) + OK);
    EXPECT_EQ(Type("AT+MSSLCIPHER\r"), ERR);
    EXPECT_EQ(Type("AT+MSSLCIPHER?\r"), ERR);
}

TEST_F(OneMoCertificateCommandsTest, CipherQueryListsTheWholeAppendixOnMl307r)
{
    Start("ML307R");
    const std::string answer = Type("AT+MSSLCIPHER=?\r");
    ASSERT_EQ(answer.substr(0, 30), "\r\n+MSSLCIPHER: (0x01,0x02,0x04");
    EXPECT_EQ(answer.substr(answer.size() - 15), "0xCCAE)\r\n\r\nOK\r\n");
    EXPECT_NE(answer.find(",0xC02F,"), std::string::npos);
    EXPECT_EQ(std::count(answer.begin(), answer.end(), ','), 206);
}

TEST_F(OneMoCertificateCommandsTest, ChapterFourTwoWayAuthenticationSetup)
{
    Start("ML307R");
    TestPkiHelper pki;
    const std::string ca = pki.GetCaPem(TestPkiHelper::RSA_2048);
    const std::string cert = pki.GetClientCertPem(1, TestPkiHelper::RSA_2048);
    const std::string key = pki.GetClientKeyPem(1, TestPkiHelper::RSA_2048);
    EXPECT_EQ(Type("AT+MSSLCFG=\"auth\",2,2\r"), OK);
    EXPECT_EQ(Type("AT+MSSLCERTWR=\"test.cer\",0," + std::to_string(ca.size()) + "\r"), "\r\n> ");
    EXPECT_EQ(Type(ca), OK);
    EXPECT_EQ(Type("AT+MSSLCERTWR=\"test.clientcer\",0," + std::to_string(cert.size()) + "\r"),
              "\r\n> ");
    EXPECT_EQ(Type(cert), OK);
    EXPECT_EQ(Type("AT+MSSLKEYWR=\"test.key\",0," + std::to_string(key.size()) + "\r"), "\r\n> ");
    EXPECT_EQ(Type(key), OK);
    EXPECT_EQ(Type("AT+MSSLCFG=\"cert\",2,\"test.cer\",\"test.clientcer\",\"test.key\"\r"), OK);
    const OneMoSslContextConfig& c = m_ssl->GetContext(2);
    EXPECT_EQ(c.serverCert, "test.cer");
    EXPECT_EQ(c.clientKey, "test.key");
    // A credential of the wrong kind in a "cert" slot cannot be loaded: 769.
    EXPECT_EQ(Type("AT+MSSLCFG=\"cert\",3,\"test.key\"\r"), Cme(769));
    EXPECT_EQ(Type("AT+MSSLCFG=\"cert\",3,\"test.cer\",\"test.clientcer\",\"test.cer\"\r"),
              Cme(769));
    EXPECT_EQ(m_ssl->GetContext(3).serverCert, "");
    // The private key cannot be read (footnote 7).
    EXPECT_EQ(Type("AT+MSSLCERTRD=\"test.key\"\r"), Cme(766));
}

TEST_F(OneMoCertificateCommandsTest, InlineEscapedWriteOnMn316)
{
    Start("MN316");
    const std::string ca = CaPem();
    EXPECT_EQ(Type(InlineWrite("MSSLCERTWR", "ca.pem", 0, ca)), OK);
    EXPECT_EQ(Type("AT+MSSLCERTRD=\"ca.pem\"\r"),
              Lines({"+MSSLCERTRD: " + std::to_string(Crlf(ca).size()) + "," + Crlf(ca)}) + OK);
    // <length> 0: no length check.
    EXPECT_EQ(Type("AT+MSSLCERTWR=\"ca2.pem\",0,0,\"" + Escape(ca) + "\"\r"), OK);
    EXPECT_EQ(Type("AT+MSSLLIST=1\r"),
              Lines({"+MSSLLIST: \"ca.pem\"," + std::to_string(Crlf(ca).size()),
                     "+MSSLLIST: \"ca2.pem\"," + std::to_string(Crlf(ca).size())}) +
                  OK);
    // The `>` data mode is not supported on MN316 (note of 3.2/3.3): parameter error.
    EXPECT_EQ(Type("AT+MSSLCERTWR=\"a.pem\",0,100\r"), Cme(50));
    EXPECT_EQ(Type("AT+MSSLKEYWR=\"a.key\",0,100\r"), Cme(50));
    // Keys inline too.
    const std::string key = TestPkiHelper().GetClientKeyPem(1, TestPkiHelper::RSA_2048);
    EXPECT_EQ(Type(InlineWrite("MSSLKEYWR", "client.key", 0, key)), OK);
    EXPECT_EQ(Type("AT+MSSLCHECK=\"client.key\"\r"),
              Lines({"+MSSLCHECK: " + OneMoCertificateCommands::Digest(Crlf(key), 0)}) + OK);
    // Only MD5 on MN316 (footnote 8).
    EXPECT_EQ(Type("AT+MSSLCHECK=?\r"), Lines({"+MSSLCHECK: ,(0)"}) + OK);
    EXPECT_EQ(Type("AT+MSSLCHECK=\"client.key\",1\r"), Cme(50));
}

TEST_F(OneMoCertificateCommandsTest, InlineEscapedWriteOnMl307r)
{
    Start("ML307R");
    const std::string ca = CaPem();
    EXPECT_EQ(Type(InlineWrite("MSSLCERTWR", "ca.pem", 0, ca)), OK);
    std::string stored;
    ASSERT_TRUE(m_certs->GetContent("ca.pem", stored));
    EXPECT_EQ(stored, Crlf(ca));
    EXPECT_EQ(Type("AT+MSSLCHECK=?\r"), Lines({"+MSSLCHECK: ,(0)"}) + OK);
    EXPECT_EQ(Type("AT+MSSLCHECK=\"ca.pem\",2\r"), Cme(50));
}

TEST_F(OneMoCertificateCommandsTest, HexAndAsciiEncodingsAndAllDigestsOnMn316S)
{
    Start("MN316-S");
    const std::string ca = CaPem();
    std::string hex;
    for (unsigned char c : ca)
    {
        static const char d[] = "0123456789ABCDEF";
        hex += d[c >> 4];
        hex += d[c & 15];
    }
    EXPECT_EQ(Type("AT+MSSLCFG=\"encoding\",0,1\r"), OK);
    // Hex: <length> is half the typed length.
    EXPECT_EQ(
        Type("AT+MSSLCERTWR=\"hex.pem\",0," + std::to_string(hex.size()) + ",\"" + hex + "\"\r",
             Seconds(4)),
        Cme(764));
    EXPECT_EQ(
        Type("AT+MSSLCERTWR=\"hex.pem\",0," + std::to_string(ca.size()) + ",\"" + hex + "\"\r",
             Seconds(4)),
        OK);
    std::string stored;
    ASSERT_TRUE(m_certs->GetContent("hex.pem", stored));
    EXPECT_EQ(stored, ca);
    // A bad hex digit: invalid content.
    EXPECT_EQ(Type("AT+MSSLCERTWR=\"bad.pem\",0,2,\"0G1F\"\r"), Cme(761));
    // ascii: stored as typed; a PEM cannot be typed on one command line, so it is invalid.
    EXPECT_EQ(Type("AT+MSSLCFG=\"encoding\",0,0\r"), OK);
    EXPECT_EQ(Type("AT+MSSLCERTWR=\"one.pem\",0,0,\"-----BEGIN CERTIFICATE-----\"\r"), Cme(761));
    // `>` mode is allowed on MN316-S.
    EXPECT_EQ(Type("AT+MSSLCERTWR=\"gt.pem\",0," + std::to_string(ca.size()) + "\r"), "\r\n> ");
    EXPECT_EQ(Type(ca), OK);
    // All four check algorithms (MN316-S is not in footnote 8).
    EXPECT_EQ(Type("AT+MSSLCHECK=?\r"), Lines({"+MSSLCHECK: ,(0,1,2,3)"}) + OK);
    EXPECT_EQ(Type("AT+MSSLPSK=\"123\",\"2345\"\r"), OK);
    EXPECT_EQ(Type("AT+MSSLCHECK=\"123\",0\r"),
              Lines({"+MSSLCHECK: 81b073de9370ea873f548e31b8adc081"}) + OK);
    EXPECT_EQ(Type("AT+MSSLCHECK=\"123\",1\r"),
              Lines({"+MSSLCHECK: d2f75e8204fedf2eacd261e2461b2964e3bfd5be"}) + OK);
    EXPECT_EQ(Type("AT+MSSLCHECK=\"123\",2\r"),
              Lines({"+MSSLCHECK: "
                     "38083c7ee9121e17401883566a148aa5c2e2d55dc53bc4a94a026517dbff3c6b"}) +
                  OK);
    EXPECT_EQ(Type("AT+MSSLCHECK=\"123\",3\r"), Lines({"+MSSLCHECK: b0d2832b"}) + OK);
    EXPECT_EQ(Type("AT+MSSLCHECK=\"123\",4\r"), Cme(50));
}

TEST_F(OneMoCertificateCommandsTest, MultiPacketWrite)
{
    Start("ML307R");
    const std::string ca = CaPem();
    const std::string typed = Escape(ca);
    // Each packet is decoded on its own: split after an escaped line break.
    const size_t half = typed.find("\\r\\n", 300) + 4;
    const std::string first = typed.substr(0, half);
    const std::string rest = typed.substr(half);
    EXPECT_EQ(Type("AT+MSSLCERTWR=\"ca.pem\"," + std::to_string(rest.size()) + "," +
                   std::to_string(first.size()) + ",\"" + first + "\"\r"),
              OK);
    // Not stored before the last packet.
    EXPECT_FALSE(m_bench.module->GetFileSystem()->Exists("ca.pem"));
    EXPECT_EQ(
        Type("AT+MSSLCERTWR=\"ca.pem\",0," + std::to_string(rest.size()) + ",\"" + rest + "\"\r"),
        OK);
    std::string stored;
    ASSERT_TRUE(m_certs->GetContent("ca.pem", stored));
    EXPECT_EQ(stored, Crlf(ca));
    // Mixed: an inline first packet, the rest in `>` data mode (raw bytes).
    const std::string raw1 = ca.substr(0, 100);
    const std::string raw2 = ca.substr(100);
    EXPECT_EQ(Type("AT+MSSLCERTWR=\"mixed.pem\"," + std::to_string(raw2.size()) + ",100,\"" +
                   Escape(raw1) + "\"\r"),
              Cme(764)); // escaped typed length differs from 100 when raw1 has a line break
    EXPECT_EQ(Type("AT+MSSLCERTWR=\"mixed.pem\"," + std::to_string(raw2.size()) + "," +
                   std::to_string(Escape(raw1).size()) + ",\"" + Escape(raw1) + "\"\r"),
              OK);
    EXPECT_EQ(Type("AT+MSSLCERTWR=\"mixed.pem\",0," + std::to_string(raw2.size()) + "\r"),
              "\r\n> ");
    EXPECT_EQ(Type(raw2), OK);
    ASSERT_TRUE(m_certs->GetContent("mixed.pem", stored));
    EXPECT_EQ(stored, Crlf(raw1) + raw2);
}

TEST_F(OneMoCertificateCommandsTest, FailedRewritesLeaveTheOldFile)
{
    Start("ML307R");
    TestPkiHelper pki;
    const std::string oldPem = pki.GetCaPem(TestPkiHelper::RSA_2048);
    const std::string newPem = pki.GetClientCertPem(1, TestPkiHelper::RSA_2048);
    EXPECT_EQ(Type(InlineWrite("MSSLCERTWR", "ca.pem", 0, oldPem)), OK);
    const std::string expected =
        Lines({"+MSSLCERTRD: " + std::to_string(Crlf(oldPem).size()) + "," + Crlf(oldPem)}) + OK;
    const std::string typed = Escape(newPem);
    const std::string first = typed.substr(0, 200);
    const std::string rest = typed.substr(200);
    const std::string firstCmd =
        "AT+MSSLCERTWR=\"ca.pem\"," + std::to_string(rest.size()) + ",200,\"" + first + "\"\r";

    // Longer than announced: the second packet carries more than the first announced.
    EXPECT_EQ(Type(firstCmd), OK);
    EXPECT_EQ(Type("AT+MSSLCERTWR=\"ca.pem\",0," + std::to_string(rest.size() + 4) + ",\"" + rest +
                   "abcd\"\r"),
              Cme(764));
    EXPECT_EQ(Type("AT+MSSLCERTRD=\"ca.pem\"\r"), expected);

    // Shorter than announced: the last packet ends early.
    EXPECT_EQ(Type(firstCmd), OK);
    const std::string cut = rest.substr(0, rest.size() - 10);
    EXPECT_EQ(
        Type("AT+MSSLCERTWR=\"ca.pem\",0," + std::to_string(cut.size()) + ",\"" + cut + "\"\r"),
        Cme(764));
    EXPECT_EQ(Type("AT+MSSLCERTRD=\"ca.pem\"\r"), expected);

    // Inline data longer than its <length>.
    EXPECT_EQ(Type("AT+MSSLCERTWR=\"ca.pem\",0," + std::to_string(typed.size() - 1) + ",\"" +
                   typed + "\"\r"),
              Cme(764));
    EXPECT_EQ(Type("AT+MSSLCERTRD=\"ca.pem\"\r"), expected);

    // Never finished: the pending write is dropped after PendingWriteTimeout (60 s).
    EXPECT_EQ(Type(firstCmd), OK);
    EXPECT_EQ(Type("", Seconds(61)), "");
    EXPECT_EQ(Type("AT+MSSLCERTRD=\"ca.pem\"\r"), expected);
    EXPECT_EQ(Type(InlineWrite("MSSLCERTWR", "other.pem", 0, oldPem)), OK); // no 765 any more

    // `>` data mode with fewer bytes than announced, then silence: the engine's input
    // timeout ends the write with 764.
    EXPECT_EQ(Type("AT+MSSLCERTWR=\"ca.pem\",0," + std::to_string(newPem.size()) + "\r"), "\r\n> ");
    EXPECT_EQ(Type(newPem.substr(0, 500), Seconds(61)), Cme(764));
    EXPECT_EQ(Type("AT+MSSLCERTRD=\"ca.pem\"\r"), expected);

    // A valid rewrite replaces the file.
    EXPECT_EQ(Type(InlineWrite("MSSLCERTWR", "ca.pem", 0, newPem)), OK);
    EXPECT_EQ(Type("AT+MSSLCERTRD=\"ca.pem\"\r"),
              Lines({"+MSSLCERTRD: " + std::to_string(Crlf(newPem).size()) + "," + Crlf(newPem)}) +
                  OK);
    // Non-PEM content and a failing load leave it too.
    EXPECT_EQ(Type("AT+MSSLCERTWR=\"ca.pem\",0,5,\"hello\"\r"), Cme(761));
    EXPECT_EQ(Type(InlineWrite("MSSLCERTWR", "ca.pem", 0, GARBAGE_CERT)), Cme(769));
    std::string stored;
    ASSERT_TRUE(m_certs->GetContent("ca.pem", stored));
    EXPECT_EQ(stored, Crlf(newPem));
}

TEST_F(OneMoCertificateCommandsTest, SecondWriterWhileAWriteIsPendingGets765)
{
    Start("MN316");
    const std::string typed = Escape(CaPem());
    const std::string first = typed.substr(0, 200);
    const std::string rest = typed.substr(200);
    EXPECT_EQ(
        Type("AT+MSSLCERTWR=\"a.pem\"," + std::to_string(rest.size()) + ",200,\"" + first + "\"\r"),
        OK);
    EXPECT_EQ(Type(InlineWrite("MSSLCERTWR", "b.pem", 0, CaPem())), Cme(765));
    EXPECT_EQ(Type(InlineWrite("MSSLKEYWR", "a.pem", 0, GARBAGE_KEY)), Cme(765));
    EXPECT_EQ(Type("AT+MSSLPSK=\"id\",\"2345\"\r"), Cme(765));
    EXPECT_EQ(Type("AT+MSSLRM=\"a.pem\"\r"), Cme(765));
    // The first writer finishes undisturbed.
    EXPECT_EQ(
        Type("AT+MSSLCERTWR=\"a.pem\",0," + std::to_string(rest.size()) + ",\"" + rest + "\"\r"),
        OK);
    EXPECT_EQ(Type(InlineWrite("MSSLCERTWR", "b.pem", 0, CaPem())), OK);
}

TEST_F(OneMoCertificateCommandsTest, ErrorCodes760To769)
{
    Start("MN316");
    Ptr<ModuleFileSystem> fs = m_bench.module->GetFileSystem();
    const std::string ca = CaPem();
    // 761: not PEM; a key written as a certificate; a bad escape.
    EXPECT_EQ(Type("AT+MSSLCERTWR=\"x.pem\",0,0,\"hello\"\r"), Cme(761));
    EXPECT_EQ(Type(InlineWrite("MSSLKEYWR", "x.key", 0, ca)), Cme(761));
    EXPECT_EQ(Type("AT+MSSLCERTWR=\"x.pem\",0,0,\"ab\\qcd\"\r"), Cme(761));
    // 769: a PEM block of the right type that does not load.
    EXPECT_EQ(Type(InlineWrite("MSSLCERTWR", "x.pem", 0, GARBAGE_CERT)), Cme(769));
    EXPECT_EQ(Type(InlineWrite("MSSLKEYWR", "x.key", 0, GARBAGE_KEY)), Cme(769));
    // 762: no such name.
    EXPECT_EQ(Type("AT+MSSLCERTRD=\"none.pem\"\r"), Cme(762));
    EXPECT_EQ(Type("AT+MSSLRM=\"none.pem\"\r"), Cme(762));
    EXPECT_EQ(Type("AT+MSSLCHECK=\"none.pem\"\r"), Cme(762));
    // 763: a name already used by another kind of credential, or by a foreign file.
    EXPECT_EQ(Type(InlineWrite("MSSLCERTWR", "dup", 0, ca)), OK);
    EXPECT_EQ(Type(InlineWrite("MSSLKEYWR", "dup", 0, GARBAGE_KEY)), Cme(763));
    EXPECT_EQ(Type("AT+MSSLPSK=\"dup\",\"2345\"\r"), Cme(763));
    ASSERT_EQ(fs->Write("foreign.bin", {1, 2, 3}, false), ModuleFileSystem::Result::OK);
    EXPECT_EQ(Type(InlineWrite("MSSLCERTWR", "foreign.bin", 0, ca)), Cme(763));
    // 764: data longer than <length> (and see FailedRewritesLeaveTheOldFile); no space.
    EXPECT_EQ(Type("AT+MSSLCERTWR=\"y.pem\",0,3,\"abcd\"\r"), Cme(764));
    fs->SetAttribute("Capacity", UintegerValue(fs->GetUsedSpace() + 100));
    EXPECT_EQ(Type(InlineWrite("MSSLCERTWR", "y.pem", 0, ca)), Cme(764));
    fs->SetAttribute("Capacity", UintegerValue(256000));
    // 760: the file system refuses for another reason (file count limit).
    fs->SetAttribute("MaxFiles", UintegerValue(fs->GetFileCount()));
    EXPECT_EQ(Type(InlineWrite("MSSLCERTWR", "y.pem", 0, ca)), Cme(760));
    fs->SetAttribute("MaxFiles", UintegerValue(256));
    // 765: see SecondWriterWhileAWriteIsPendingGets765.
    // 766: a key or a PSK cannot be read; a file lost from flash cannot be read.
    EXPECT_EQ(Type(InlineWrite("MSSLKEYWR", "k.key", 0, TEST_KEY + "\n")), OK);
    EXPECT_EQ(Type("AT+MSSLCERTRD=\"k.key\"\r"), Cme(766));
    EXPECT_EQ(Type(InlineWrite("MSSLCERTWR", "lost.pem", 0, ca)), OK);
    ASSERT_EQ(fs->Delete("lost.pem"), ModuleFileSystem::Result::OK);
    EXPECT_EQ(Type("AT+MSSLCERTRD=\"lost.pem\"\r"), Cme(766));
    EXPECT_EQ(Type("AT+MSSLCHECK=\"lost.pem\"\r"), Cme(766));
    // 767: removing a file the flash lost; afterwards it is gone (762).
    EXPECT_EQ(Type("AT+MSSLRM=\"lost.pem\"\r"), Cme(767));
    EXPECT_EQ(Type("AT+MSSLRM=\"lost.pem\"\r"), Cme(762));
    // 768: more than 8192 bytes.
    EXPECT_EQ(Type("AT+MSSLCERTWR=\"big.pem\",0,8193,\"a\"\r"), Cme(768));
    EXPECT_EQ(Type("AT+MSSLCERTWR=\"big.pem\",8000,193,\"a\"\r"), Cme(768));
    EXPECT_EQ(Type("AT+MSSLCERTWR=\"big.pem\",8193,0,\"a\"\r"), Cme(768));
    EXPECT_EQ(Type("AT+MSSLCERTWR=\"big.pem\",8192,0,\"a\"\r"), Cme(768)); // 1 + 8192
    EXPECT_EQ(Type("AT+MSSLPSK=\"big\",\"" + std::string(8193, 'k') + "\"\r", Seconds(4)),
              Cme(768));
    EXPECT_EQ(Type("AT+MSSLPSK=\"big\",\"" + std::string(8192, 'k') + "\"\r", Seconds(4)), OK);
    // Nothing left pending or half-written.
    EXPECT_FALSE(fs->Exists("x.pem"));
    EXPECT_FALSE(fs->Exists("y.pem"));
    EXPECT_FALSE(fs->Exists("big.pem"));
}

TEST_F(OneMoCertificateCommandsTest, ParameterErrorsAre50)
{
    Start("ML307R");
    const std::vector<std::string> bad = {
        "AT+MSSLCERTWR=\"a.pem\",0\r",
        "AT+MSSLCERTWR=a.pem,0,10\r",
        "AT+MSSLCERTWR=\"\",0,10\r",
        "AT+MSSLCERTWR=\"" + std::string(65, 'n') + "\",0,10\r",
        "AT+MSSLCERTWR=\"UFS:a.pem\",0,10\r",
        "AT+MSSLCERTWR=\"a/b.pem\",0,10\r",
        "AT+MSSLCERTWR=\"a.pem\",-1,10\r",
        "AT+MSSLCERTWR=\"a.pem\",0,-1\r",
        "AT+MSSLCERTWR=\"a.pem\",\"0\",10\r",
        "AT+MSSLCERTWR=\"a.pem\",0,x\r",
        "AT+MSSLCERTWR=\"a.pem\",0,0\r", // data mode cannot be 0
        "AT+MSSLCERTWR=\"a.pem\",0,4,abcd\r",
        "AT+MSSLCERTWR=\"a.pem\",0,4,\"abcd\",1\r",
        "AT+MSSLKEYWR=\"a.key\",0,0\r",
        "AT+MSSLCERTRD=\"" + std::string(65, 'n') + "\"\r",
        "AT+MSSLCERTRD=a\r",
        "AT+MSSLCERTRD=\"a\",1\r",
        "AT+MSSLLIST=0\r",
        "AT+MSSLLIST=4\r",
        "AT+MSSLLIST=\"1\"\r",
        "AT+MSSLLIST=1,1\r",
        "AT+MSSLRM=\"\"\r",
        "AT+MSSLRM=\"" + std::string(65, 'n') + "\"\r",
        "AT+MSSLCHECK=\"a\",-1\r",
        "AT+MSSLCHECK=\"a\",1\r", // only MD5 on ML307R
        "AT+MSSLCHECK=\"a\",0,0\r",
        "AT+MSSLCHECK=\"" + std::string(65, 'n') + "\"\r",
    };
    for (const auto& b : bad)
    {
        EXPECT_EQ(Type(b), Cme(50)) << b;
    }
    // 64-byte names are fine.
    const std::string name64(64, 'n');
    EXPECT_EQ(Type(InlineWrite("MSSLCERTWR", name64, 0, CaPem())), OK);
    EXPECT_EQ(Type("AT+MSSLLIST=1\r"),
              Lines({"+MSSLLIST: \"" + name64 + "\"," + std::to_string(Crlf(CaPem()).size())}) +
                  OK);
    // Forms the manual does not list.
    EXPECT_EQ(Type("AT+MSSLCERTRD=?\r"), ERR);
    EXPECT_EQ(Type("AT+MSSLLIST?\r"), ERR);
    EXPECT_EQ(Type("AT+MSSLRM\r"), ERR);
    EXPECT_EQ(Type("AT+MSSLCHECK?\r"), ERR);
    EXPECT_EQ(Type("AT+MSSLCERTWR\r"), ERR);
}

TEST_F(OneMoCertificateCommandsTest, PerModelCommandAvailability)
{
    // MSSLPSK is missing on the 4G series.
    for (const char* model :
         {"ML302A", "ML302S", "ML305A", "ML307A", "ML307S", "ML305U", "ML305M", "ML307R", "ML307G"})
    {
        Start(model);
        EXPECT_EQ(Type("AT+MSSLPSK=\"123\",\"2345\"\r"), ERR) << model;
        const bool cipher = std::string(model) != "ML302S" && std::string(model) != "ML307S";
        EXPECT_EQ(Type("AT+MSSLCIPHER=?\r").find("+MSSLCIPHER: (0x01,"),
                  cipher ? 2U : std::string::npos)
            << model;
        if (!cipher)
        {
            EXPECT_EQ(Type("AT+MSSLCIPHER=?\r"), ERR) << model;
        }
        // `>` mode accepted on the 4G series.
        EXPECT_EQ(Type("AT+MSSLCERTWR=\"a.pem\",0,10\r"), "\r\n> ") << model;
        EXPECT_EQ(Type("0123456789"), Cme(761)) << model;
        m_bench.Dispose();
        Simulator::Destroy();
    }
    for (const char* model : {"MN316", "MN316-S", "MN326"})
    {
        Start(model);
        EXPECT_EQ(Type("AT+MSSLPSK=\"123\",\"2345\"\r"), OK) << model;
        const bool dataMode = std::string(model) == "MN316-S";
        EXPECT_EQ(Type("AT+MSSLCERTWR=\"a.pem\",0,10\r"), dataMode ? "\r\n> " : Cme(50)) << model;
        if (dataMode)
        {
            EXPECT_EQ(Type("0123456789"), Cme(761)) << model;
        }
        m_bench.Dispose();
        Simulator::Destroy();
    }
}

TEST_F(OneMoCertificateCommandsTest, Mn316LosesSslStateOnDeepSleepWake)
{
    Start("MN316");
    EXPECT_EQ(Type("AT+MSSLCFG=\"auth\",1,1\r"), OK);
    EXPECT_EQ(Type("AT+MSSLCFG=\"psk\",1,\"123\"\r"), OK);
    EXPECT_EQ(Type(InlineWrite("MSSLCERTWR", "ca.pem", 0, CaPem())), OK);
    EXPECT_EQ(Type(InlineWrite("MSSLKEYWR", "test.key", 0, TEST_KEY + "\n")), OK);
    EXPECT_EQ(Type("AT+MSSLPSK=\"123\",\"2345\"\r"), OK);
    EXPECT_EQ(Type("AT+MSSLCFG=\"cert\",1,\"ca.pem\"\r"), OK);
    // A pending write is lost too.
    const std::string typed = Escape(CaPem());
    EXPECT_EQ(Type("AT+MSSLCERTWR=\"half.pem\"," + std::to_string(typed.size() - 100) + ",100,\"" +
                   typed.substr(0, 100) + "\"\r"),
              OK);
    EXPECT_TRUE(m_ssl->DeepSleepWake());
    EXPECT_EQ(Type("AT+MSSLCFG=\"auth\",1\r"), Lines({"+MSSLCFG: \"auth\",1,0"}) + OK);
    EXPECT_EQ(Type("AT+MSSLCFG=\"psk\",1\r"), Lines({"+MSSLCFG: \"psk\",1,\"\""}) + OK);
    EXPECT_EQ(Type("AT+MSSLCFG=\"cert\",1\r"), Lines({"+MSSLCFG: \"cert\",1,\"\",\"\",\"\""}) + OK);
    EXPECT_EQ(Type("AT+MSSLLIST=1\r"), OK);
    EXPECT_EQ(Type("AT+MSSLLIST=2\r"), OK);
    EXPECT_EQ(Type("AT+MSSLLIST=3\r"), OK);
    EXPECT_EQ(Type("AT+MSSLCERTRD=\"ca.pem\"\r"), Cme(762));
    EXPECT_EQ(m_bench.module->GetFileSystem()->GetFileCount(), 0U);
    // Writes work again (no 765 from the lost pending write).
    EXPECT_EQ(Type(InlineWrite("MSSLCERTWR", "ca.pem", 0, CaPem())), OK);
}

TEST_F(OneMoCertificateCommandsTest, Ml307rAndMn316SKeepSslStateOnDeepSleepWake)
{
    for (const char* model : {"ML307R", "MN316-S"})
    {
        Start(model);
        EXPECT_EQ(Type("AT+MSSLCFG=\"auth\",1,1\r"), OK);
        EXPECT_EQ(Type(InlineWrite("MSSLCERTWR", "ca.pem", 0, CaPem())), OK);
        EXPECT_FALSE(m_ssl->DeepSleepWake()) << model;
        EXPECT_EQ(m_ssl->GetContext(1).certVerify, 1) << model;
        EXPECT_TRUE(m_bench.module->GetFileSystem()->Exists("ca.pem")) << model;
        m_bench.Dispose();
        Simulator::Destroy();
    }
}

} // namespace
