/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// The OneMO profiles of Table 1 of the OneMO SSL AT command manual and their per-model
// footnotes, held as data on ModuleProfile.

#include "ns3/cipher-suite-table.h"
#include "ns3/module-profile.h"

#include <gtest/gtest.h>

using namespace ns3;
using namespace ns3::lpwa;

namespace
{

using P = ModuleProfile;

const std::vector<std::string> NB_SERIES = {"MN316", "MN316-S", "MN326"};
const std::vector<std::string> G4_SERIES =
    {"ML302A", "ML302S", "ML305A", "ML307A", "ML307S", "ML305U", "ML305M", "ML307R", "ML307G"};

TEST(OneMoProfileTest, EveryTable1FamilyIsRegisteredInOrderAfterTheQuectelModels)
{
    const auto names = P::GetNames();
    ASSERT_GE(names.size(), 21U);
    EXPECT_EQ(std::vector<std::string>(names.begin() + 9, names.begin() + 21),
              (std::vector<std::string>{"MN316",
                                        "MN316-S",
                                        "MN326",
                                        "ML302A",
                                        "ML302S",
                                        "ML305A",
                                        "ML307A",
                                        "ML307S",
                                        "ML305U",
                                        "ML305M",
                                        "ML307R",
                                        "ML307G"}));
    EXPECT_EQ(P::Find("ml307r"), P::Find("ML307R"));
    EXPECT_NE(P::Find("ML307A")->GetDescription().find("ML307A-DL"), std::string::npos);
}

TEST(OneMoProfileTest, SharedFigures)
{
    for (const auto& series : {NB_SERIES, G4_SERIES})
    {
        for (const auto& name : series)
        {
            const P* p = P::Find(name);
            ASSERT_NE(p, nullptr) << name;
            EXPECT_EQ(p->GetDialect(), P::Dialect::ONEMO) << name;
            EXPECT_EQ(p->GetSeries(), name);
            EXPECT_EQ(p->GetSslVersions(), P::SSL_3_0 | P::TLS_1_0 | P::TLS_1_1 | P::TLS_1_2)
                << name;
            EXPECT_EQ(p->GetMcuClass(), "cortex-m4-120mhz") << name;
            EXPECT_EQ(p->GetCommandProcessingTime(), MilliSeconds(2)) << name;
            EXPECT_EQ(p->GetMaxCommandLineLength(), 10240U) << name;
            EXPECT_EQ(p->GetQuirks(), 0U) << name;
            // Appendix 5.1: 207 suites, ascending, all known to the cipher table.
            EXPECT_EQ(p->GetCipherSuites().size(), 207U) << name;
            EXPECT_TRUE(std::is_sorted(p->GetCipherSuites().begin(), p->GetCipherSuites().end()));
            EXPECT_EQ(p->GetCipherSuites().front(), 0x0001);
            EXPECT_EQ(p->GetCipherSuites().back(), 0xCCAE);
            EXPECT_TRUE(p->IsCipherSuiteSupported(0x002D)) << name;
            EXPECT_TRUE(p->IsCipherSuiteSupported(0xC0FF)) << name;
            EXPECT_FALSE(p->IsCipherSuiteSupported(0x0003)) << name;
            for (uint16_t id : p->GetCipherSuites())
            {
                EXPECT_NE(CipherSuiteTable::Find(id), nullptr) << name << " " << id;
            }
        }
    }
}

TEST(OneMoProfileTest, NbSeries)
{
    for (const auto& name : NB_SERIES)
    {
        const P* p = P::Find(name);
        EXPECT_EQ(p->GetRats(), P::CAT_NB1 | P::CAT_NB2) << name;
        EXPECT_EQ(p->GetSslContextCount(), 5U) << name; // footnote 2: 0-4
        EXPECT_EQ(p->GetSocketCount(), 5U) << name;
        EXPECT_TRUE(p->IsSslPskSupported()) << name;
        EXPECT_TRUE(p->IsCipherQuerySupported()) << name;
    }
    for (const char* name : {"MN316", "MN326"})
    {
        const P* p = P::Find(name);
        EXPECT_EQ(p->GetMaxSslConnections(), 2U) << name;
        EXPECT_FALSE(p->IsCertDataModeSupported()) << name;
        EXPECT_TRUE(p->IsSslStateLostOnDeepSleep()) << name;
        EXPECT_EQ(p->GetCertInputEncodings(), uint32_t(P::INPUT_ESCAPED)) << name;
        EXPECT_EQ(p->GetCertCheckAlgorithms(), uint32_t(P::CHECK_MD5)) << name;
    }
    // MN316-S appears in none of the restricting footnotes.
    const P* s = P::Find("MN316-S");
    EXPECT_EQ(s->GetMaxSslConnections(), 5U);
    EXPECT_TRUE(s->IsCertDataModeSupported());
    EXPECT_FALSE(s->IsSslStateLostOnDeepSleep());
    EXPECT_EQ(s->GetCertInputEncodings(), P::INPUT_ASCII | P::INPUT_HEX | P::INPUT_ESCAPED);
    EXPECT_EQ(s->GetCertCheckAlgorithms(),
              P::CHECK_MD5 | P::CHECK_SHA1 | P::CHECK_SHA256 | P::CHECK_CRC);
    for (uint32_t v = 0; v < 3; ++v)
    {
        EXPECT_TRUE(s->IsCertInputEncodingSupported(v));
    }
    EXPECT_FALSE(s->IsCertInputEncodingSupported(3));
    EXPECT_TRUE(s->IsCertCheckAlgorithmSupported(3));
    EXPECT_FALSE(s->IsCertCheckAlgorithmSupported(4));
    EXPECT_FALSE(s->IsCertCheckAlgorithmSupported(100));
}

TEST(OneMoProfileTest, FourGSeries)
{
    for (const auto& name : G4_SERIES)
    {
        const P* p = P::Find(name);
        EXPECT_EQ(p->GetRats(), uint32_t(P::LTE_CAT1)) << name;
        EXPECT_EQ(p->GetSslContextCount(), 6U) << name;
        EXPECT_EQ(p->GetSocketCount(), 6U) << name;
        EXPECT_EQ(p->GetMaxSslConnections(), 6U) << name;
        EXPECT_FALSE(p->IsSslPskSupported()) << name;
        EXPECT_TRUE(p->IsCertDataModeSupported()) << name;
        EXPECT_FALSE(p->IsSslStateLostOnDeepSleep()) << name;
        EXPECT_TRUE(p->IsCertInputEncodingSupported(2)) << name;
        EXPECT_FALSE(p->IsCertInputEncodingSupported(0)) << name;
        EXPECT_FALSE(p->IsCertInputEncodingSupported(1)) << name;
        EXPECT_TRUE(p->IsCertCheckAlgorithmSupported(0)) << name;
        EXPECT_FALSE(p->IsCertCheckAlgorithmSupported(1)) << name;
        const bool noCipherQuery = name == "ML302S" || name == "ML307S";
        EXPECT_EQ(p->IsCipherQuerySupported(), !noCipherQuery) << name;
    }
}

TEST(OneMoProfileTest, QuectelProfilesHaveNoneOfTheOneMoFeatures)
{
    const P* p = P::Find("BG95-M3");
    EXPECT_FALSE(p->IsSslPskSupported());
    EXPECT_EQ(p->GetCertInputEncodings(), 0U);
    EXPECT_EQ(p->GetCertCheckAlgorithms(), 0U);
    EXPECT_FALSE(p->IsCipherQuerySupported());
    EXPECT_FALSE(p->IsCertDataModeSupported());
    EXPECT_FALSE(p->IsSslStateLostOnDeepSleep());
}

TEST(OneMoProfileTest, SettersChain)
{
    P p;
    p.SetSslPskSupported(true)
        .SetCertInputEncodings(P::INPUT_HEX)
        .SetCertCheckAlgorithms(P::CHECK_CRC)
        .SetCipherQuerySupported(true)
        .SetCertDataModeSupported(true)
        .SetSslStateLostOnDeepSleep(true);
    EXPECT_TRUE(p.IsSslPskSupported());
    EXPECT_TRUE(p.IsCertInputEncodingSupported(1));
    EXPECT_FALSE(p.IsCertInputEncodingSupported(2));
    EXPECT_TRUE(p.IsCertCheckAlgorithmSupported(3));
    EXPECT_FALSE(p.IsCertCheckAlgorithmSupported(0));
    EXPECT_TRUE(p.IsCipherQuerySupported());
    EXPECT_TRUE(p.IsCertDataModeSupported());
    EXPECT_TRUE(p.IsSslStateLostOnDeepSleep());
}

} // namespace
