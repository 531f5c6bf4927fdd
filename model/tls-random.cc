/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// RAND_set_rand_method() and RAND_METHOD are deprecated in OpenSSL 3.0 but still honoured.
#define OPENSSL_SUPPRESS_DEPRECATED

#include "tls-random.h"

#include "ns3/abort.h"
#include "ns3/log.h"
#include "ns3/rng-seed-manager.h"
#include "ns3/simulator.h"

#include <climits>
#include <cstring>
#include <openssl/rand.h>

namespace ns3
{
namespace lpwa
{

NS_LOG_COMPONENT_DEFINE("LpwaTlsRandom");
NS_OBJECT_ENSURE_REGISTERED(TlsRandomSource);

namespace
{

/// Rotate a 32-bit word left.
inline uint32_t
Rotl(uint32_t v, int c)
{
    return (v << c) | (v >> (32 - c));
}

/// The ChaCha20 quarter round on four state words.
inline void
QuarterRound(uint32_t* x, int a, int b, int c, int d)
{
    x[a] += x[b];
    x[d] = Rotl(x[d] ^ x[a], 16);
    x[c] += x[d];
    x[b] = Rotl(x[b] ^ x[c], 12);
    x[a] += x[b];
    x[d] = Rotl(x[d] ^ x[a], 8);
    x[c] += x[d];
    x[b] = Rotl(x[b] ^ x[c], 7);
}

/// Domain separation constant for the process default source's seed.
constexpr uint64_t DEFAULT_SOURCE_TAG = 0x6c7077612d726e67ULL; // "lpwa-rng"

thread_local TlsRandomSource* g_current = nullptr; //!< innermost scope's source
Ptr<TlsRandomSource>* g_default = nullptr;         //!< process default source (never freed)
bool g_defaultStale = true;                        //!< default source must be keyed again
uint32_t g_defaultSeed = 0;                        //!< RngSeedManager seed it was keyed from
uint64_t g_defaultRun = 0;                         //!< RngSeedManager run it was keyed from
bool g_installed = false;                          //!< Install() has run

/// ScheduleDestroy hook: the next draw keys the default source again.
void
MarkDefaultStale()
{
    g_defaultStale = true;
}

/// Get the process default source, keyed for the current seed and run.
TlsRandomSource*
GetDefault()
{
    const uint32_t seed = RngSeedManager::GetSeed();
    const uint64_t run = RngSeedManager::GetRun();
    if (g_default == nullptr || g_defaultStale || seed != g_defaultSeed || run != g_defaultRun)
    {
        uint64_t state = DEFAULT_SOURCE_TAG ^ seed;
        state = TlsRandomSource::SplitMix64(state) ^ run;
        const uint64_t key = TlsRandomSource::SplitMix64(state);
        if (g_default == nullptr)
        {
            g_default = new Ptr<TlsRandomSource>();
        }
        *g_default = TlsRandomSource::CreateFromSeed(key);
        g_defaultSeed = seed;
        g_defaultRun = run;
        g_defaultStale = false;
        Simulator::ScheduleDestroy(&MarkDefaultStale);
        NS_LOG_DEBUG("default TLS random source keyed for seed " << seed << " run " << run);
    }
    return PeekPointer(*g_default);
}

int
RandSeed(const void* /* buf */, int /* num */)
{
    return 1; // ignored: outside entropy would make runs differ
}

int
RandBytes(unsigned char* buf, int num)
{
    if (num < 0)
    {
        return 0;
    }
    TlsRandom::Fill(buf, static_cast<size_t>(num));
    return 1;
}

void
RandCleanup()
{
}

int
RandAdd(const void* /* buf */, int /* num */, double /* randomness */)
{
    return 1; // ignored, as RandSeed
}

int
RandStatus()
{
    return 1;
}

/// The RAND method installed by TlsRandom::Install().
const RAND_METHOD g_method = {
    RandSeed,
    RandBytes,
    RandCleanup,
    RandAdd,
    RandBytes, // pseudorand
    RandStatus,
};

} // namespace

// ---------------------------------------------------------------------------------------------
// TlsRandomSource
// ---------------------------------------------------------------------------------------------

TypeId
TlsRandomSource::GetTypeId()
{
    static TypeId tid = TypeId("ns3::lpwa::TlsRandomSource")
                            .SetParent<Object>()
                            .SetGroupName("LpwaModem")
                            .AddConstructor<TlsRandomSource>();
    return tid;
}

TlsRandomSource::TlsRandomSource()
    : m_rng(CreateObject<UniformRandomVariable>())
{
    NS_LOG_FUNCTION(this);
}

TlsRandomSource::TlsRandomSource(uint64_t seed)
    : m_seeded(true)
    , m_seed(seed)
{
    NS_LOG_FUNCTION(this << seed);
}

TlsRandomSource::~TlsRandomSource()
{
    NS_LOG_FUNCTION(this);
}

void
TlsRandomSource::DoDispose()
{
    m_rng = nullptr;
    Object::DoDispose();
}

Ptr<TlsRandomSource>
TlsRandomSource::CreateFromSeed(uint64_t seed)
{
    return CreateObject<TlsRandomSource>(seed);
}

int64_t
TlsRandomSource::AssignStreams(int64_t stream)
{
    NS_LOG_FUNCTION(this << stream);
    if (m_seeded || !m_rng)
    {
        NS_FATAL_ERROR("TlsRandomSource::AssignStreams(stream=" << stream
                                                                << "): this source was made by "
                                                                   "CreateFromSeed(seed="
                                                                << m_seed
                                                                << ") and has no ns-3 stream");
    }
    m_rng->SetStream(stream);
    m_keyed = false;
    return 1;
}

void
TlsRandomSource::Rekey()
{
    if (m_seeded)
    {
        uint64_t state = m_seed;
        for (size_t i = 0; i < 4; ++i)
        {
            const uint64_t v = SplitMix64(state);
            m_key[2 * i] = static_cast<uint32_t>(v);
            m_key[2 * i + 1] = static_cast<uint32_t>(v >> 32);
        }
    }
    else
    {
        NS_ABORT_MSG_IF(!m_rng, "TlsRandomSource::Fill on a disposed source");
        for (size_t i = 0; i < 8; ++i)
        {
            const uint32_t lo = m_rng->GetInteger(0, 0xffff);
            const uint32_t hi = m_rng->GetInteger(0, 0xffff);
            m_key[i] = lo | (hi << 16);
        }
    }
    m_counter = 0;
    m_blockPos = m_block.size();
    m_drawn = 0;
    m_keyed = true;
}

void
TlsRandomSource::Fill(uint8_t* out, size_t n)
{
    if (n == 0)
    {
        return;
    }
    NS_ABORT_MSG_IF(out == nullptr, "TlsRandomSource::Fill: out=null with n=" << n);
    if (!m_keyed)
    {
        Rekey();
    }
    m_drawn += n;
    while (n > 0)
    {
        if (m_blockPos == m_block.size())
        {
            const std::array<uint32_t, 4> ctr = {static_cast<uint32_t>(m_counter),
                                                 static_cast<uint32_t>(m_counter >> 32),
                                                 0,
                                                 0};
            ChaCha20Block(m_key, ctr, m_block.data());
            ++m_counter;
            m_blockPos = 0;
        }
        const size_t take = std::min(n, m_block.size() - m_blockPos);
        std::memcpy(out, m_block.data() + m_blockPos, take);
        m_blockPos += take;
        out += take;
        n -= take;
    }
}

uint64_t
TlsRandomSource::GetBytesDrawn() const
{
    return m_drawn;
}

bool
TlsRandomSource::IsSeeded() const
{
    return m_seeded;
}

void
TlsRandomSource::ChaCha20Block(const std::array<uint32_t, 8>& key,
                               const std::array<uint32_t, 4>& counterAndNonce,
                               uint8_t out[64])
{
    uint32_t in[16] = {0x61707865, 0x3320646e, 0x79622d32, 0x6b206574};
    for (size_t i = 0; i < 8; ++i)
    {
        in[4 + i] = key[i];
    }
    for (size_t i = 0; i < 4; ++i)
    {
        in[12 + i] = counterAndNonce[i];
    }
    uint32_t x[16];
    std::memcpy(x, in, sizeof(x));
    for (int round = 0; round < 10; ++round)
    {
        QuarterRound(x, 0, 4, 8, 12);
        QuarterRound(x, 1, 5, 9, 13);
        QuarterRound(x, 2, 6, 10, 14);
        QuarterRound(x, 3, 7, 11, 15);
        QuarterRound(x, 0, 5, 10, 15);
        QuarterRound(x, 1, 6, 11, 12);
        QuarterRound(x, 2, 7, 8, 13);
        QuarterRound(x, 3, 4, 9, 14);
    }
    for (size_t i = 0; i < 16; ++i)
    {
        const uint32_t v = x[i] + in[i];
        out[4 * i] = static_cast<uint8_t>(v);
        out[4 * i + 1] = static_cast<uint8_t>(v >> 8);
        out[4 * i + 2] = static_cast<uint8_t>(v >> 16);
        out[4 * i + 3] = static_cast<uint8_t>(v >> 24);
    }
}

uint64_t
TlsRandomSource::SplitMix64(uint64_t& state)
{
    state += 0x9e3779b97f4a7c15ULL;
    uint64_t z = state;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

// ---------------------------------------------------------------------------------------------
// TlsRandom
// ---------------------------------------------------------------------------------------------

void
TlsRandom::Install()
{
    if (g_installed)
    {
        return;
    }
    NS_LOG_FUNCTION_NOARGS();
    if (RAND_set_rand_method(&g_method) != 1)
    {
        NS_FATAL_ERROR("TlsRandom::Install: RAND_set_rand_method refused the lpwa RAND method");
    }
    g_installed = true;
}

bool
TlsRandom::IsInstalled()
{
    return g_installed;
}

Ptr<TlsRandomSource>
TlsRandom::GetCurrent()
{
    return g_current != nullptr ? Ptr<TlsRandomSource>(g_current)
                                : Ptr<TlsRandomSource>(GetDefault());
}

void
TlsRandom::Fill(uint8_t* out, size_t n)
{
    TlsRandomSource* source = g_current != nullptr ? g_current : GetDefault();
    source->Fill(out, n);
}

TlsRandom::Scope::Scope(Ptr<TlsRandomSource> source)
    : m_source(source)
    , m_previous(g_current)
{
    if (!source)
    {
        NS_FATAL_ERROR("TlsRandom::Scope: source=null");
    }
    Install();
    g_current = PeekPointer(m_source);
}

TlsRandom::Scope::~Scope()
{
    g_current = m_previous;
}

} // namespace lpwa
} // namespace ns3
