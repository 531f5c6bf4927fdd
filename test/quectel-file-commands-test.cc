/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "lpwa-test-harness.h"

#include "ns3/lpwa-module.h"
#include "ns3/module-file-system.h"
#include "ns3/quectel-file-commands.h"
#include "ns3/simulator.h"
#include "ns3/uart-channel.h"

#include <gtest/gtest.h>

using namespace ns3;
using namespace ns3::lpwa;

namespace
{

/// A host driving a BG95-M3 module with the Quectel FILE commands over a UART.
class QuectelFileCommandsTest : public ::testing::Test
{
  protected:
    void SetUp() override
    {
        m_bench.Create();
        m_bench.module->AddCommandSet(CreateObject<QuectelFileCommands>());
        m_bench.StartEchoOff();
    }

    void TearDown() override
    {
        m_bench.Dispose();
        Simulator::Destroy();
    }

    /**
     * Type a command line, then (after `delay`) raw data; run until idle; return and clear
     * what came back.
     */
    std::string Type(const std::string& text, const std::string& data = "", Time delay = Seconds(1))
    {
        m_start = Simulator::Now() + Seconds(1);
        m_bench.host.TypeAt(Seconds(1), text);
        if (!data.empty())
        {
            m_bench.host.TypeAt(Seconds(1) + delay, data);
        }
        Simulator::Run();
        return m_bench.host.Take();
    }

    test::ModuleBench m_bench;
    Time m_start;
};

const std::string OK = "\r\nOK\r\n";
const std::string ERR = "\r\nERROR\r\n";

TEST_F(QuectelFileCommandsTest, Example36PskUploadWithoutSizeEndsOnTimeout)
{
    const std::string psk = "DTLS_Client&1a2b3c4d5e6f"; // 24 bytes, <PSK_ID>&<PSK_key>
    // No size: the module reads until the 5 s timeout, then saves what it got.
    EXPECT_EQ(Type("AT+QFUPL=\"0_server.psk\"\r", psk, MilliSeconds(100)),
              "\r\nCONNECT\r\n\r\n+QFUPL: 24,2d62\r\n" + OK);
    EXPECT_GT(m_bench.host.m_lastRx - m_start, Seconds(5));
    EXPECT_LT(m_bench.host.m_lastRx - m_start, Seconds(6));
    std::vector<uint8_t> stored;
    ASSERT_EQ(m_bench.module->GetFileSystem()->Read("0_server.psk", stored),
              ModuleFileSystem::Result::OK);
    EXPECT_EQ(std::string(stored.begin(), stored.end()), psk);
    EXPECT_EQ(Type("AT+QFLST\r"), "\r\n+QFLST: \"0_server.psk\",24\r\n" + OK);
    EXPECT_EQ(Type("AT+QFLST=\"*\"\r"), "\r\n+QFLST: \"0_server.psk\",24\r\n" + OK);
    EXPECT_EQ(Type("AT+QFLST=\"UFS:*.psk\"\r"), "\r\n+QFLST: \"0_server.psk\",24\r\n" + OK);
    EXPECT_EQ(Type("AT+QFLST=\"*.pem\"\r"), OK);
}

TEST_F(QuectelFileCommandsTest, UploadWithSizeAndChecksum)
{
    // EnviroDIY: AT+QFUPL="<name>",<len>,10 -> CONNECT -> bytes -> +QFUPL: <size>,<checksum>.
    EXPECT_EQ(Type("AT+QFUPL=\"UFS:ca.pem\",5,10\r", "ABCDE"),
              "\r\nCONNECT\r\n\r\n+QFUPL: 5,4706\r\n" + OK); // 0x4142^0x4344^0x4500
    EXPECT_LT(m_bench.host.m_lastRx - m_start, Seconds(2));
    EXPECT_EQ(Type("AT+QFUPL=\"b.bin\",3,1,0\r", std::string("\x00\x01\x02", 3)),
              "\r\nCONNECT\r\n\r\n+QFUPL: 3,201\r\n" + OK);
    EXPECT_EQ(Type("AT+QFLST\r"), "\r\n+QFLST: \"b.bin\",3\r\n+QFLST: \"ca.pem\",5\r\n" + OK);
    const uint32_t total = m_bench.module->GetFileSystem()->GetTotalSize();
    EXPECT_EQ(Type("AT+QFLDS=\"UFS\"\r"),
              "\r\n+QFLDS: " + std::to_string(total - 8) + "," + std::to_string(total) + "\r\n" +
                  OK);
    EXPECT_EQ(Type("AT+QFLDS\r"), "\r\n+QFLDS: 8,2\r\n" + OK);
    EXPECT_EQ(Type("AT+QFLDS=\"RAM\"\r"), ERR);
}

TEST_F(QuectelFileCommandsTest, UploadErrors)
{
    EXPECT_EQ(Type("AT+QFUPL=\"a.txt\",2\r", "hi"), "\r\nCONNECT\r\n\r\n+QFUPL: 2,6869\r\n" + OK);
    EXPECT_EQ(Type("AT+QFUPL=\"a.txt\",2\r"), "\r\n+CME ERROR: 407\r\n");
    EXPECT_EQ(Type("AT+QFUPL=\"UFS:a.txt\",2\r"), "\r\n+CME ERROR: 407\r\n");
    EXPECT_EQ(Type("AT+QFUPL=\"a/b\",2\r"), "\r\n+CME ERROR: 406\r\n");
    EXPECT_EQ(Type("AT+QFUPL=\"RAM:x\",2\r"), "\r\n+CME ERROR: 406\r\n");
    const uint32_t free = m_bench.module->GetFileSystem()->GetFreeSpace();
    EXPECT_EQ(Type("AT+QFUPL=\"big\"," + std::to_string(free + 1) + "\r"),
              "\r\n+CME ERROR: 403\r\n");
    EXPECT_EQ(Type("AT+QFUPL=\"c\",0\r"), ERR);
    EXPECT_EQ(Type("AT+QFUPL=\"c\",1,1,1\r"), ERR); // ackmode 1 is not modelled
    EXPECT_EQ(Type("AT+QFUPL=c,1\r"), ERR);
    EXPECT_EQ(Type("AT+QFUPL\r"), ERR);
    // Timeout with nothing typed: +CME ERROR: 421, no file.
    EXPECT_EQ(Type("AT+QFUPL=\"empty\",4,1\r"), "\r\nCONNECT\r\n\r\n+CME ERROR: 421\r\n");
    EXPECT_FALSE(m_bench.module->GetFileSystem()->Exists("empty"));
    // Timeout after part of the data: the part is saved and reported.
    EXPECT_EQ(Type("AT+QFUPL=\"part\",4,1\r", "ab"), "\r\nCONNECT\r\n\r\n+QFUPL: 2,6162\r\n" + OK);
    EXPECT_EQ(m_bench.module->GetFileSystem()->GetFileCount(), 2u);
}

TEST_F(QuectelFileCommandsTest, DeleteFiles)
{
    // bg9x_ssl_zephyr deletes before uploading and accepts OK or 405.
    EXPECT_EQ(Type("AT+QFDEL=\"f\"\r"), "\r\n+CME ERROR: 405\r\n");
    EXPECT_EQ(Type("AT+QFDEL=\"UFS:f\"\r"), "\r\n+CME ERROR: 405\r\n");
    EXPECT_EQ(Type("AT+QFUPL=\"f\",1\r", "x"), "\r\nCONNECT\r\n\r\n+QFUPL: 1,7800\r\n" + OK);
    EXPECT_EQ(Type("AT+QFDEL=\"f\"\r"), OK);
    EXPECT_FALSE(m_bench.module->GetFileSystem()->Exists("f"));
    EXPECT_EQ(Type("AT+QFDEL=\"*\"\r"), OK); // deleting all of nothing succeeds
    Type("AT+QFUPL=\"g\",1\r", "x");
    Type("AT+QFUPL=\"h\",1\r", "y");
    EXPECT_EQ(Type("AT+QFDEL=\"*\"\r"), OK);
    EXPECT_EQ(m_bench.module->GetFileSystem()->GetFileCount(), 0u);
    EXPECT_EQ(Type("AT+QFDEL=\"a:b\"\r"), "\r\n+CME ERROR: 406\r\n");
    EXPECT_EQ(Type("AT+QFDEL=f\r"), ERR);
    EXPECT_EQ(Type("AT+QFDEL\r"), ERR);
    // CMEE=2 gives the verbose text.
    EXPECT_EQ(Type("AT+CMEE=2;+QFDEL=\"f\"\r"), "\r\n+CME ERROR: file not found\r\n");
}

} // namespace
