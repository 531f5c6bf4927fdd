/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "tls-endpoint.h"

#include "handshake-cost-estimator.h"

#include "ns3/fatal-error.h"
#include "ns3/log.h"
#include "ns3/packet.h"
#include "ns3/pointer.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <cstring>
#include <ctime>
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>
#include <sstream>

namespace ns3
{
namespace lpwa
{

NS_LOG_COMPONENT_DEFINE("LpwaTlsEndpoint");

namespace
{
uint64_t g_liveEndpoints = 0; //!< TlsEndpoint objects alive (simulations are single-threaded)
} // namespace

NS_OBJECT_ENSURE_REGISTERED(TlsEndpoint);

namespace
{

/// Per-record overhead bound used to keep application records within MaxPendingBytes
/// (header 5 + IV 16 + MAC 48 + padding 16, rounded up).
constexpr uint32_t RECORD_OVERHEAD_BOUND = 128;
/// Largest TLS plaintext record.
constexpr uint32_t MAX_PLAINTEXT = 16384;
/// OpenSSL DTLS timer value: about an hour, so OpenSSL never retransmits on its own.
constexpr unsigned int DTLS_OPENSSL_TIMER_US = 3600u * 1000000u;
/// Link MTU given to OpenSSL for DTLS (IPv4 minimum reassembly size would be 576; 1280 keeps
/// every datagram within one IPv6-minimum link packet).
constexpr long DTLS_LINK_MTU = 1280;

/// The datagram queue behind a DTLS BIO.
struct DatagramQueue
{
    std::deque<std::string> datagrams; //!< oldest first
};

int
DgramWrite(BIO* bio, const char* data, int length)
{
    auto queue = static_cast<DatagramQueue*>(BIO_get_data(bio));
    BIO_clear_retry_flags(bio);
    queue->datagrams.emplace_back(data, static_cast<size_t>(length));
    return length;
}

int
DgramRead(BIO* bio, char* out, int length)
{
    auto queue = static_cast<DatagramQueue*>(BIO_get_data(bio));
    BIO_clear_retry_flags(bio);
    if (queue->datagrams.empty())
    {
        BIO_set_retry_read(bio);
        return -1;
    }
    std::string& front = queue->datagrams.front();
    int n = std::min(length, static_cast<int>(front.size()));
    std::memcpy(out, front.data(), static_cast<size_t>(n));
    queue->datagrams.pop_front(); // a datagram is read whole or truncated, never split
    return n;
}

long
DgramCtrl(BIO* bio, int cmd, long /* num */, void* /* ptr */)
{
    auto queue = static_cast<DatagramQueue*>(BIO_get_data(bio));
    switch (cmd)
    {
        case BIO_CTRL_FLUSH:
            return 1;
        case BIO_CTRL_PENDING:
            return queue->datagrams.empty() ? 0
                                            : static_cast<long>(queue->datagrams.front().size());
        case BIO_CTRL_WPENDING:
            return 0;
        case BIO_CTRL_DGRAM_GET_MTU_OVERHEAD:
            return 28; // IPv4 + UDP headers
        default:
            return 0;
    }
}

int
DgramCreate(BIO* bio)
{
    BIO_set_data(bio, new DatagramQueue);
    BIO_set_init(bio, 1);
    return 1;
}

int
DgramDestroy(BIO* bio)
{
    delete static_cast<DatagramQueue*>(BIO_get_data(bio));
    BIO_set_data(bio, nullptr);
    return 1;
}

BIO_METHOD*
DatagramMethod()
{
    static BIO_METHOD* method = []()
    {
        BIO_METHOD* m =
            BIO_meth_new(BIO_get_new_index() | BIO_TYPE_SOURCE_SINK, "lpwa datagram queue");
        BIO_meth_set_write(m, &DgramWrite);
        BIO_meth_set_read(m, &DgramRead);
        BIO_meth_set_ctrl(m, &DgramCtrl);
        BIO_meth_set_create(m, &DgramCreate);
        BIO_meth_set_destroy(m, &DgramDestroy);
        return m;
    }();
    return method;
}

HandshakeSummary::KeyType
KeyTypeOf(EVP_PKEY* key, uint32_t& bits)
{
    bits = 0;
    if (key == nullptr)
    {
        return HandshakeSummary::KeyType::NONE;
    }
    bits = static_cast<uint32_t>(EVP_PKEY_get_bits(key));
    switch (EVP_PKEY_get_base_id(key))
    {
        case EVP_PKEY_RSA:
        case EVP_PKEY_RSA_PSS:
            return HandshakeSummary::KeyType::RSA;
        case EVP_PKEY_EC:
            return HandshakeSummary::KeyType::EC;
        case EVP_PKEY_ED25519:
            bits = 256;
            return HandshakeSummary::KeyType::EC;
        default:
            return HandshakeSummary::KeyType::NONE;
    }
}

std::string
TimesToString(const std::vector<Time>& times)
{
    std::ostringstream os;
    for (size_t i = 0; i < times.size(); ++i)
    {
        os << (i ? "," : "") << times[i].As(Time::S);
    }
    return os.str();
}

/// Attribute checker-free holder for the retransmission schedule, as a string "1s,2s,...".
std::vector<Time>
ParseTimes(const std::string& text)
{
    std::vector<Time> times;
    std::istringstream is(text);
    std::string item;
    while (std::getline(is, item, ','))
    {
        if (item.empty())
        {
            continue;
        }
        Time t(item);
        if (!t.IsStrictlyPositive())
        {
            NS_FATAL_ERROR("TlsEndpoint: DtlsRetransmitTimeouts entry '" << item
                                                                         << "' is not positive");
        }
        times.push_back(t);
    }
    if (times.empty())
    {
        NS_FATAL_ERROR("TlsEndpoint: DtlsRetransmitTimeouts '" << text << "' is empty");
    }
    return times;
}

} // namespace

TypeId
TlsEndpoint::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::lpwa::TlsEndpoint")
            .SetParent<Object>()
            .SetGroupName("LpwaModem")
            .AddConstructor<TlsEndpoint>()
            .AddAttribute("MaxPendingBytes",
                          "Most bytes of application records kept waiting for room in the TCP "
                          "socket; Send() accepts less when full.",
                          UintegerValue(65536),
                          MakeUintegerAccessor(&TlsEndpoint::m_maxPendingBytes),
                          MakeUintegerChecker<uint32_t>(1024))
            .AddAttribute(
                "DtlsRetransmitTimeouts",
                "DTLS handshake retransmission schedule, comma-separated ns-3 times: flight "
                "retransmitted after each but the last, handshake fails with TIMEOUT after the "
                "last. Default: RFC 6347 4.2.4.1 (initial 1 s, doubling); mbedTLS/Particle use "
                "3,6,12,24,~45 s (calibration.md).",
                StringValue("1s,2s,4s,8s,16s,32s"),
                MakeStringAccessor(&TlsEndpoint::SetDtlsRetransmitTimeouts,
                                   &TlsEndpoint::GetDtlsRetransmitTimeouts),
                MakeStringChecker())
            .AddTraceSource("HandshakeCompleted",
                            "The handshake completed: whether a session was resumed.",
                            MakeTraceSourceAccessor(&TlsEndpoint::m_handshakeCompletedTrace),
                            "ns3::lpwa::TlsEndpoint::HandshakeCompletedCallback")
            .AddTraceSource("HandshakeFailed",
                            "The handshake failed: the error and OpenSSL's detail.",
                            MakeTraceSourceAccessor(&TlsEndpoint::m_handshakeFailedTrace),
                            "ns3::lpwa::TlsEndpoint::HandshakeFailedCallback")
            .AddTraceSource("DataReceived",
                            "Decrypted application data.",
                            MakeTraceSourceAccessor(&TlsEndpoint::m_dataReceivedTrace),
                            "ns3::lpwa::TlsEndpoint::DataReceivedCallback")
            .AddTraceSource("Closed",
                            "The connection ended after the handshake: true if close_notify "
                            "was received, false on an abortive or transport close.",
                            MakeTraceSourceAccessor(&TlsEndpoint::m_closedTrace),
                            "ns3::lpwa::TlsEndpoint::ClosedCallback")
            .AddTraceSource("RecordTx",
                            "A record was written (size with header).",
                            MakeTraceSourceAccessor(&TlsEndpoint::m_recordTxTrace),
                            "ns3::lpwa::TlsEndpoint::RecordCallback")
            .AddTraceSource("RecordRx",
                            "A record was received (size with header).",
                            MakeTraceSourceAccessor(&TlsEndpoint::m_recordRxTrace),
                            "ns3::lpwa::TlsEndpoint::RecordCallback")
            .AddTraceSource("TransportTx",
                            "Bytes handed to the socket (TCP chunk or DTLS datagram).",
                            MakeTraceSourceAccessor(&TlsEndpoint::m_transportTxTrace),
                            "ns3::lpwa::TlsEndpoint::TransportTxCallback")
            .AddTraceSource("DtlsRetransmit",
                            "The last DTLS flight was retransmitted: the timeout that expired.",
                            MakeTraceSourceAccessor(&TlsEndpoint::m_retransmitTrace),
                            "ns3::Time::TracedCallback")
            .AddTraceSource("PendingBytes",
                            "Bytes waiting for room in the TCP socket.",
                            MakeTraceSourceAccessor(&TlsEndpoint::m_pendingTrace),
                            "ns3::TracedValueCallback::Uint32")
            .AddTraceSource("Renegotiated",
                            "A renegotiation handshake completed: the count so far.",
                            MakeTraceSourceAccessor(&TlsEndpoint::m_renegotiatedTrace),
                            "ns3::lpwa::TlsEndpoint::RenegotiatedCallback");
    return tid;
}

TlsEndpoint::TlsEndpoint()
    : m_random(CreateObject<TlsRandomSource>())
    , m_dtlsTimeouts(ParseTimes("1s,2s,4s,8s,16s,32s"))
{
    NS_LOG_FUNCTION(this);
    ++g_liveEndpoints;
}

TlsEndpoint::~TlsEndpoint()
{
    NS_LOG_FUNCTION(this);
    m_retransmitEvent.Cancel();
    --g_liveEndpoints;
}

uint64_t
TlsEndpoint::GetLiveCount()
{
    return g_liveEndpoints;
}

void
TlsEndpoint::DoDispose()
{
    NS_LOG_FUNCTION(this);
    m_retransmitEvent.Cancel();
    m_retransmitEvent = EventId();
    if (m_socket)
    {
        m_socket->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
        m_socket->SetSendCallback(MakeNullCallback<void, Ptr<Socket>, uint32_t>());
        m_socket->SetCloseCallbacks(MakeNullCallback<void, Ptr<Socket>>(),
                                    MakeNullCallback<void, Ptr<Socket>>());
        m_socket = nullptr;
    }
    if (m_ssl != nullptr)
    {
        SSL_set_app_data(m_ssl, nullptr);
        SSL_set_msg_callback_arg(m_ssl, nullptr);
        if (!m_server && m_session)
        {
            // A client keeps the session it received even if the connection ended without
            // close_notify (a lost cell), as the modules' TLS stacks do; OpenSSL would
            // otherwise mark it not resumable when freeing an unshut connection.
            SSL_set_shutdown(m_ssl, SSL_get_shutdown(m_ssl) | SSL_SENT_SHUTDOWN);
        }
        SSL_free(m_ssl); // frees both BIOs
        m_ssl = nullptr;
    }
    m_context = nullptr;
    m_offer = nullptr;
    m_session = nullptr;
    DropRecordJobs();
    m_chargeRecords = false;
    m_cost = nullptr;
    m_compute = nullptr;
    m_writable = MakeNullCallback<void>();
    Object::DoDispose();
}

void
TlsEndpoint::SetDtlsRetransmitTimeouts(std::string timeouts)
{
    m_dtlsTimeouts = ParseTimes(timeouts);
}

std::string
TlsEndpoint::GetDtlsRetransmitTimeouts() const
{
    return TimesToString(m_dtlsTimeouts);
}

void
TlsEndpoint::SetStreamTransport(Ptr<TlsContext> context, Ptr<Socket> socket)
{
    Attach(context, socket, false, "SetStreamTransport");
}

void
TlsEndpoint::SetDatagramTransport(Ptr<TlsContext> context, Ptr<Socket> socket, const Address& peer)
{
    Attach(context, socket, true, "SetDatagramTransport");
    m_peer = peer;
}

void
TlsEndpoint::Attach(Ptr<TlsContext> context, Ptr<Socket> socket, bool datagram, const char* who)
{
    NS_LOG_FUNCTION(this << context << socket << datagram);
    if (!context || !context->IsConfigured())
    {
        NS_FATAL_ERROR("TlsEndpoint::" << who << ": context is null or not configured");
    }
    if (context->GetConfig().datagram != datagram)
    {
        NS_FATAL_ERROR("TlsEndpoint::" << who
                                       << ": context datagram=" << context->GetConfig().datagram
                                       << " does not match the transport");
    }
    if (!socket)
    {
        NS_FATAL_ERROR("TlsEndpoint::" << who << ": socket is null");
    }
    if (m_ssl != nullptr)
    {
        NS_FATAL_ERROR("TlsEndpoint::" << who << ": the endpoint already has a transport");
    }
    m_context = context;
    m_socket = socket;
    m_datagram = datagram;
    const TlsConfig& cfg = context->GetConfig();
    m_server = cfg.role == TlsConfig::Role::SERVER;

    TlsRandom::Scope scope(m_random);
    SSL_CTX* ctx = context->GetSslCtx();
    if (!m_server && cfg.sessionResumption)
    {
        SSL_CTX_sess_set_new_cb(ctx, &TlsEndpoint::NewSessionCb);
    }
    m_ssl = SSL_new(ctx);
    if (m_ssl == nullptr)
    {
        NS_FATAL_ERROR("TlsEndpoint::" << who << ": SSL_new failed");
    }
    SSL_set_app_data(m_ssl, this);
    SSL_set_info_callback(m_ssl, &TlsEndpoint::InfoCb);
    SSL_set_msg_callback(m_ssl, &TlsEndpoint::MsgCb);
    SSL_set_msg_callback_arg(m_ssl, this);
    m_handshakeBytes = 0;
    if (datagram)
    {
        m_rbio = BIO_new(DatagramMethod());
        m_wbio = BIO_new(DatagramMethod());
        SSL_set_options(m_ssl, SSL_OP_NO_QUERY_MTU);
        DTLS_set_link_mtu(m_ssl, DTLS_LINK_MTU);
        DTLS_set_timer_cb(m_ssl, &TlsEndpoint::DtlsTimerCb);
    }
    else
    {
        m_rbio = BIO_new(BIO_s_mem());
        m_wbio = BIO_new(BIO_s_mem());
        BIO_set_mem_eof_return(m_rbio, -1);
        BIO_set_mem_eof_return(m_wbio, -1);
    }
    SSL_set_bio(m_ssl, m_rbio, m_wbio);
    if (m_server)
    {
        SSL_set_accept_state(m_ssl);
    }
    else
    {
        SSL_set_connect_state(m_ssl);
        SSL_set_cert_cb(m_ssl, &TlsEndpoint::CertCb, this);
        if (!cfg.sniHostName.empty())
        {
            SSL_set_tlsext_host_name(m_ssl, cfg.sniHostName.c_str());
        }
        if (!cfg.checkHost.empty())
        {
            SSL_set_hostflags(m_ssl, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
            SSL_set1_host(m_ssl, cfg.checkHost.c_str());
        }
    }
    if (!cfg.ignoreValidityTime && !cfg.timeSource)
    {
        // Nothing to verify against: never fall back to the host clock.
        X509_VERIFY_PARAM_set_flags(SSL_get0_param(m_ssl), X509_V_FLAG_NO_CHECK_TIME);
    }

    m_socket->SetRecvCallback(MakeCallback(&TlsEndpoint::OnReceive, this));
    if (!datagram)
    {
        m_socket->SetSendCallback(MakeCallback(&TlsEndpoint::OnSendSpace, this));
        m_socket->SetCloseCallbacks(MakeCallback(&TlsEndpoint::OnPeerClose, this),
                                    MakeCallback(&TlsEndpoint::OnTransportError, this));
    }
}

void
TlsEndpoint::SetCompute(Ptr<CryptoCostModel> cost, Ptr<ComputeResource> compute, bool chargeRecords)
{
    if (!cost)
    {
        NS_FATAL_ERROR("TlsEndpoint::SetCompute: cost is null");
    }
    if (!compute)
    {
        NS_FATAL_ERROR("TlsEndpoint::SetCompute: compute is null");
    }
    m_cost = cost;
    m_compute = compute;
    m_chargeRecords = chargeRecords;
}

void
TlsEndpoint::AfterRecordWork(uint64_t plainBytes, uint64_t cipherBytes, std::function<void()> then)
{
    if (!m_chargeRecords && m_recordJobs.empty())
    {
        then();
        return;
    }
    Time cost;
    if (m_chargeRecords && plainBytes > 0)
    {
        cost = m_cost->GetCost(CryptoStep{CryptoOperation::CIPHER_BYTES,
                                          m_summary.cipherKeyBits,
                                          plainBytes,
                                          m_summary.cipher});
    }
    if (!cost.IsStrictlyPositive() && m_recordJobs.empty())
    {
        then();
        return;
    }
    m_recordJobs.push_back(RecordJob{cost, cipherBytes, std::move(then)});
    m_recordQueuedBytes += cipherBytes;
    StartRecordJob();
}

void
TlsEndpoint::StartRecordJob()
{
    while (!m_recordBusy && !m_recordJobs.empty())
    {
        RecordJob& head = m_recordJobs.front();
        if (head.cost.IsStrictlyPositive())
        {
            m_recordBusy = true;
            m_computeTime += head.cost;
            const uint64_t generation = m_recordGeneration;
            Ptr<TlsEndpoint> self(this);
            m_compute->Submit(head.cost,
                              Callback<void>(
                                  [self, generation]()
                                  {
                                      self->RecordJobDone(generation);
                                  }));
            return;
        }
        RunHeadRecordJob();
    }
}

void
TlsEndpoint::RecordJobDone(uint64_t generation)
{
    m_recordBusy = false;
    if (generation == m_recordGeneration && !m_recordJobs.empty())
    {
        RunHeadRecordJob();
    }
    StartRecordJob();
}

void
TlsEndpoint::RunHeadRecordJob()
{
    RecordJob job = std::move(m_recordJobs.front());
    m_recordJobs.pop_front();
    m_recordQueuedBytes -= job.cipherBytes;
    job.then();
}

void
TlsEndpoint::DropRecordJobs()
{
    m_recordJobs.clear();
    m_recordQueuedBytes = 0;
    ++m_recordGeneration; // a job already on the processor releases nothing
}

uint64_t
TlsEndpoint::GetOutputBytes(const std::vector<std::string>& output)
{
    uint64_t bytes = 0;
    for (const auto& chunk : output)
    {
        bytes += chunk.size();
    }
    return bytes;
}

void
TlsEndpoint::TransmitRecords(std::vector<std::string> output, uint64_t plainBytes)
{
    if (output.empty())
    {
        return;
    }
    const uint64_t bytes = m_datagram ? 0 : GetOutputBytes(output);
    AfterRecordWork(plainBytes,
                    bytes,
                    [this, output = std::move(output)]()
                    {
                        Transmit(output, false);
                    });
}

void
TlsEndpoint::DeliverRecords(std::string data)
{
    // The size is read before the lambda takes the string: argument order is unspecified.
    const uint64_t plainBytes = data.size();
    AfterRecordWork(plainBytes,
                    0,
                    [this, data = std::move(data)]()
                    {
                        m_dataReceivedTrace(data);
                    });
}

void
TlsEndpoint::SetSession(Ptr<TlsSession> session)
{
    m_offer = session;
}

Ptr<TlsSession>
TlsEndpoint::GetSession() const
{
    return m_session;
}

int64_t
TlsEndpoint::AssignStreams(int64_t stream)
{
    return m_random->AssignStreams(stream);
}

void
TlsEndpoint::SetWritableCallback(Callback<void> writable)
{
    m_writable = writable;
}

bool
TlsEndpoint::IsHandshakeComplete() const
{
    return m_completed;
}

bool
TlsEndpoint::IsResumed() const
{
    return m_resumed;
}

std::string
TlsEndpoint::GetCipherName() const
{
    if (m_ssl == nullptr || !IsHandshakeComplete())
    {
        return "";
    }
    const SSL_CIPHER* c = SSL_get_current_cipher(m_ssl);
    return c == nullptr ? "" : SSL_CIPHER_get_name(c);
}

std::string
TlsEndpoint::GetVersionName() const
{
    if (m_ssl == nullptr || !IsHandshakeComplete())
    {
        return "";
    }
    return SSL_get_version(m_ssl);
}

TlsError
TlsEndpoint::GetError() const
{
    return m_error;
}

Time
TlsEndpoint::GetComputeTime() const
{
    return m_computeTime;
}

Time
TlsEndpoint::GetHandshakeComputeTime() const
{
    return m_handshakeComputeTime;
}

uint32_t
TlsEndpoint::GetPendingBytes() const
{
    return static_cast<uint32_t>(m_pending.size());
}

const HandshakeSummary&
TlsEndpoint::GetHandshakeSummary() const
{
    return m_summary;
}

void
TlsEndpoint::UpdateVerifyTime()
{
    const TlsConfig& cfg = m_context->GetConfig();
    if (cfg.timeSource && !cfg.ignoreValidityTime)
    {
        X509_VERIFY_PARAM_set_time(SSL_get0_param(m_ssl), static_cast<time_t>(cfg.timeSource()));
    }
}

void
TlsEndpoint::Start()
{
    NS_LOG_FUNCTION(this);
    if (m_ssl == nullptr)
    {
        NS_FATAL_ERROR("TlsEndpoint::Start: no transport (call SetStreamTransport or "
                       "SetDatagramTransport first)");
    }
    if (m_state != State::IDLE)
    {
        NS_FATAL_ERROR("TlsEndpoint::Start: called twice");
    }
    m_state = State::HANDSHAKE;
    if (!m_server && m_offer)
    {
        const TlsConfig& cfg = m_context->GetConfig();
        if (!m_offer->IsUsableUnder(m_context->GetSecurityDigest(),
                                    cfg.verify != TlsConfig::Verify::NONE))
        {
            // A resumed handshake verifies no certificate: a session obtained under another
            // policy, or whose server failed (or skipped) verification, is never offered.
            NS_LOG_LOGIC("session obtained under another security policy: not offered");
        }
        else if (m_offer->IsValidAt(Simulator::Now()))
        {
            // OpenSSL checks the session against the host clock (and TLS 1.3 derives the
            // ticket age from it): stamp it now; the simulated lifetime was checked above.
            SSL_SESSION_set_time(m_offer->Get(), static_cast<long>(std::time(nullptr)));
            SSL_set_session(m_ssl, m_offer->Get());
        }
        else
        {
            NS_LOG_LOGIC("session expired in simulated time: not offered");
        }
    }
    UpdateVerifyTime();
    if (!m_datagram && m_socket->GetRxAvailable() > 0)
    {
        OnReceive(m_socket);
        return;
    }
    Pump();
}

std::vector<std::string>
TlsEndpoint::DrainOutput()
{
    std::vector<std::string> out;
    if (m_wbio == nullptr)
    {
        return out;
    }
    if (m_datagram)
    {
        auto queue = static_cast<DatagramQueue*>(BIO_get_data(m_wbio));
        for (auto& d : queue->datagrams)
        {
            out.push_back(std::move(d));
        }
        queue->datagrams.clear();
    }
    else
    {
        size_t pending = BIO_ctrl_pending(m_wbio);
        if (pending > 0)
        {
            std::string chunk(pending, '\0');
            int n = BIO_read(m_wbio, chunk.data(), static_cast<int>(pending));
            chunk.resize(n > 0 ? static_cast<size_t>(n) : 0);
            if (!chunk.empty())
            {
                out.push_back(std::move(chunk));
            }
        }
    }
    return out;
}

void
TlsEndpoint::Pump()
{
    if (m_ssl == nullptr || m_computeBusy)
    {
        return;
    }
    if (m_state == State::HANDSHAKE)
    {
        UpdateVerifyTime();
        int result;
        int sslError = SSL_ERROR_NONE;
        {
            TlsRandom::Scope scope(m_random);
            ERR_clear_error();
            result = SSL_do_handshake(m_ssl);
            if (result != 1)
            {
                sslError = SSL_get_error(m_ssl, result);
            }
        }
        std::vector<std::string> out = DrainOutput();
        if (result != 1 && sslError != SSL_ERROR_WANT_READ && sslError != SSL_ERROR_WANT_WRITE)
        {
            Transmit(out, false); // the alert, if any
            FailFromOpenSsl(sslError);
            return;
        }
        const bool done = result == 1;
        if (out.empty() && !done)
        {
            return;
        }
        if (m_cost)
        {
            m_summary = BuildSummary(true);
            auto flights = HandshakeCostEstimator::Estimate(m_summary);
            size_t index = std::min<size_t>(m_computePoints, flights.size() - 1);
            Time cost = m_cost->GetCost(flights[index].steps);
            NS_LOG_LOGIC("flight " << index << " (" << flights[index].trigger << ") costs "
                                   << cost.As(Time::MS));
            ++m_computePoints;
            if (cost.IsStrictlyPositive())
            {
                m_computeTime += cost;
                m_handshakeComputeTime += cost;
                m_held = std::move(out);
                m_heldCompletion = done;
                m_computeBusy = true;
                m_compute->Submit(cost,
                                  MakeCallback(&TlsEndpoint::ComputeDone, Ptr<TlsEndpoint>(this)));
                return;
            }
        }
        Transmit(out, true);
        if (done)
        {
            Complete();
        }
        return;
    }
    if (m_state == State::OPEN || m_state == State::CLOSING)
    {
        ReadApplication();
    }
}

void
TlsEndpoint::ComputeDone()
{
    NS_LOG_FUNCTION(this);
    m_computeBusy = false;
    if (m_ssl == nullptr || m_state == State::CLOSED)
    {
        return;
    }
    std::vector<std::string> out;
    out.swap(m_held);
    Transmit(out, true);
    if (m_heldCompletion)
    {
        m_heldCompletion = false;
        Complete();
        return;
    }
    Pump(); // input that arrived meanwhile
}

void
TlsEndpoint::Complete()
{
    NS_LOG_FUNCTION(this);
    m_state = State::OPEN;
    m_completed = true;
    m_resumed = SSL_session_reused(m_ssl) == 1;
    m_finished = LastFinished();
    m_retransmitEvent.Cancel();
    m_computePoints = 0;
    if (!m_cost)
    {
        m_summary = BuildSummary(true);
    }
    NS_LOG_INFO((m_server ? "server" : "client")
                << " handshake complete: " << SSL_get_version(m_ssl) << " "
                << SSL_CIPHER_get_name(SSL_get_current_cipher(m_ssl))
                << (m_resumed ? " (resumed)" : ""));
    m_handshakeCompletedTrace(m_resumed);
    if (m_state == State::OPEN && m_ssl != nullptr)
    {
        ReadApplication();
    }
}

void
TlsEndpoint::ReadApplication()
{
    if (m_peerCloseQueued)
    {
        return; // the peer's close_notify was read; its close waits behind record jobs
    }
    std::string data;
    while (m_ssl != nullptr)
    {
        char buffer[MAX_PLAINTEXT];
        int n;
        int sslError = SSL_ERROR_NONE;
        {
            TlsRandom::Scope scope(m_random);
            ERR_clear_error();
            n = SSL_read(m_ssl, buffer, sizeof(buffer));
            if (n <= 0)
            {
                sslError = SSL_get_error(m_ssl, n);
            }
        }
        TransmitRecords(DrainOutput(), 0);
        if (n > 0)
        {
            data.append(buffer, static_cast<size_t>(n));
            continue;
        }
        if (sslError == SSL_ERROR_WANT_READ || sslError == SSL_ERROR_WANT_WRITE)
        {
            break;
        }
        if (!data.empty())
        {
            ++m_rxAppChunks;
            DeliverRecords(std::move(data));
            data.clear();
            if (m_ssl == nullptr || m_state == State::CLOSED)
            {
                return;
            }
        }
        if (sslError == SSL_ERROR_ZERO_RETURN)
        {
            NS_LOG_INFO("close_notify received");
            if (m_state == State::OPEN)
            {
                TlsRandom::Scope scope(m_random);
                SSL_shutdown(m_ssl); // answer with our close_notify
            }
            TransmitRecords(DrainOutput(), 0);
            auto finish = [this]()
            {
                m_state = State::CLOSED;
                CloseTransport(false);
                m_closedTrace(true);
            };
            if (m_recordJobs.empty())
            {
                finish();
                return;
            }
            m_peerCloseQueued = true;
            AfterRecordWork(0,
                            0,
                            [this, finish]()
                            {
                                m_peerCloseQueued = false;
                                if (m_state != State::CLOSED)
                                {
                                    finish();
                                }
                            });
            return;
        }
        FailFromOpenSsl(sslError);
        return;
    }
    if (!data.empty())
    {
        ++m_rxAppChunks;
        m_lastFlight.clear(); // the peer has completed: no more flight echoes
        DeliverRecords(std::move(data));
    }
}

uint32_t
TlsEndpoint::Send(const std::string& data)
{
    if (m_ssl == nullptr || m_state != State::OPEN || data.empty() || m_peerCloseQueued)
    {
        return 0;
    }
    const size_t n = std::min<size_t>(data.size(), GetTxAvailable());
    if (n == 0)
    {
        m_wantWritable = true;
        return 0;
    }
    int written;
    int sslError = SSL_ERROR_NONE;
    {
        TlsRandom::Scope scope(m_random);
        ERR_clear_error();
        written = SSL_write(m_ssl, data.data(), static_cast<int>(n));
        if (written <= 0)
        {
            sslError = SSL_get_error(m_ssl, written);
        }
    }
    std::vector<std::string> out = DrainOutput();
    if (written <= 0)
    {
        Transmit(out, false);
        FailFromOpenSsl(sslError);
        return 0;
    }
    // Where this Send()'s records end in the TCP stream, once the jobs ahead have left.
    const uint64_t recordsEnd = m_cipherQueued + m_recordQueuedBytes + GetOutputBytes(out);
    TransmitRecords(std::move(out), static_cast<uint64_t>(written));
    m_plainAccepted += static_cast<uint64_t>(written);
    if (!m_datagram)
    {
        m_plainMarks.emplace_back(recordsEnd, m_plainAccepted);
        // Drop the marks already acknowledged, so the queue holds only records in flight
        // even when no host ever asks for the counters.
        GetPlaintextAcked();
    }
    if (static_cast<size_t>(written) < data.size())
    {
        m_wantWritable = true;
    }
    return static_cast<uint32_t>(written);
}

uint32_t
TlsEndpoint::GetTxAvailable() const
{
    if (m_ssl == nullptr || m_state != State::OPEN || m_peerCloseQueued)
    {
        return 0;
    }
    if (m_datagram)
    {
        return MAX_PLAINTEXT;
    }
    const size_t used = m_pending.size() + m_recordQueuedBytes;
    const size_t room = used >= m_maxPendingBytes ? 0 : m_maxPendingBytes - used;
    const size_t overhead = (room / MAX_PLAINTEXT + 2) * RECORD_OVERHEAD_BOUND;
    return room > overhead ? static_cast<uint32_t>(room - overhead) : 0;
}

uint64_t
TlsEndpoint::GetPlaintextAcked() const
{
    if (m_datagram)
    {
        return 0;
    }
    uint64_t unackedInSocket = 0;
    if (m_socket && !m_transportClosed)
    {
        UintegerValue sndBuf;
        m_socket->GetAttribute("SndBufSize", sndBuf);
        unackedInSocket =
            sndBuf.Get() - std::min<uint64_t>(sndBuf.Get(), m_socket->GetTxAvailable());
    }
    const uint64_t cipherAcked = m_cipherSent - std::min(unackedInSocket, m_cipherSent);
    while (!m_plainMarks.empty() && m_plainMarks.front().first <= cipherAcked)
    {
        m_plainAcked = m_plainMarks.front().second;
        m_plainMarks.pop_front();
    }
    return m_plainAcked;
}

void
TlsEndpoint::ParseTxRecords(const std::string& chunk)
{
    const size_t header = m_datagram ? 13 : 5;
    size_t pos = 0;
    while (pos + header <= chunk.size())
    {
        size_t length = (static_cast<uint8_t>(chunk[pos + header - 2]) << 8) |
                        static_cast<uint8_t>(chunk[pos + header - 1]);
        m_recordTxTrace(static_cast<uint32_t>(header + length));
        pos += header + length;
    }
}

void
TlsEndpoint::ParseRxRecords(const uint8_t* data, size_t length)
{
    if (m_datagram)
    {
        size_t pos = 0;
        while (pos + 13 <= length)
        {
            size_t body = (data[pos + 11] << 8) | data[pos + 12];
            m_recordRxTrace(static_cast<uint32_t>(13 + body));
            pos += 13 + body;
        }
        return;
    }
    size_t pos = 0;
    while (pos < length)
    {
        if (m_rxRecordRemaining > 0)
        {
            size_t take = std::min<size_t>(m_rxRecordRemaining, length - pos);
            m_rxRecordRemaining -= static_cast<uint32_t>(take);
            pos += take;
            continue;
        }
        m_rxRecordHeader.push_back(static_cast<char>(data[pos++]));
        if (m_rxRecordHeader.size() == 5)
        {
            uint32_t body = (static_cast<uint8_t>(m_rxRecordHeader[3]) << 8) |
                            static_cast<uint8_t>(m_rxRecordHeader[4]);
            m_recordRxTrace(5 + body);
            m_rxRecordRemaining = body;
            m_rxRecordHeader.clear();
        }
    }
}

void
TlsEndpoint::Transmit(const std::vector<std::string>& output, bool handshakeFlight)
{
    if (output.empty() || !m_socket || m_transportClosed)
    {
        return;
    }
    for (const auto& chunk : output)
    {
        ParseTxRecords(chunk);
    }
    if (m_datagram)
    {
        if (m_peer.IsInvalid())
        {
            NS_LOG_WARN("DTLS output before the peer is known: dropped");
            return;
        }
        for (const auto& datagram : output)
        {
            Ptr<Packet> p =
                Create<Packet>(reinterpret_cast<const uint8_t*>(datagram.data()), datagram.size());
            m_socket->SendTo(p, 0, m_peer);
            ++m_txChunks;
            m_transportTxTrace(datagram);
        }
        if (handshakeFlight)
        {
            m_lastFlight = output;
            m_echoes = 0;
            if (m_state == State::HANDSHAKE)
            {
                ArmRetransmit();
            }
        }
        return;
    }
    for (const auto& chunk : output)
    {
        m_pending += chunk;
        m_cipherQueued += chunk.size();
    }
    FlushToSocket();
}

void
TlsEndpoint::FlushToSocket()
{
    while (!m_pending.empty() && m_socket && !m_transportClosed)
    {
        uint32_t available = m_socket->GetTxAvailable();
        if (available == 0)
        {
            break;
        }
        size_t n = std::min<size_t>(available, m_pending.size());
        int sent = m_socket->Send(reinterpret_cast<const uint8_t*>(m_pending.data()),
                                  static_cast<uint32_t>(n),
                                  0);
        if (sent <= 0)
        {
            break;
        }
        ++m_txChunks;
        m_cipherSent += static_cast<uint64_t>(sent);
        m_transportTxTrace(m_pending.substr(0, static_cast<size_t>(sent)));
        m_pending.erase(0, static_cast<size_t>(sent));
    }
    m_pendingTrace = static_cast<uint32_t>(m_pending.size());
    if (m_closeAfterFlush && m_pending.empty() && !m_transportClosed)
    {
        CloseTransport(true);
    }
}

void
TlsEndpoint::OnSendSpace(Ptr<Socket> /* socket */, uint32_t /* available */)
{
    FlushToSocket();
    if (m_wantWritable && m_state == State::OPEN && m_pending.size() <= m_maxPendingBytes / 2)
    {
        m_wantWritable = false;
        if (!m_writable.IsNull())
        {
            m_writable();
        }
    }
}

void
TlsEndpoint::OnReceive(Ptr<Socket> socket)
{
    Address from;
    Ptr<Packet> packet;
    bool any = false;
    while (m_ssl != nullptr && (packet = socket->RecvFrom(from)))
    {
        uint32_t size = packet->GetSize();
        if (size == 0)
        {
            continue;
        }
        std::string bytes(size, '\0');
        packet->CopyData(reinterpret_cast<uint8_t*>(bytes.data()), size);
        if (m_datagram)
        {
            if (m_peer.IsInvalid())
            {
                m_peer = from;
            }
            else if (!(from == m_peer))
            {
                NS_LOG_LOGIC("datagram from another peer ignored");
                continue;
            }
        }
        if (m_state == State::CLOSED)
        {
            continue; // discard
        }
        ParseRxRecords(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
        BIO_write(m_rbio, bytes.data(), static_cast<int>(bytes.size()));
        any = true;
    }
    if (!any || m_state == State::IDLE || m_state == State::CLOSED)
    {
        return;
    }
    const uint64_t txBefore = m_txChunks;
    const uint64_t rxBefore = m_rxAppChunks;
    const bool wasOpen = m_state == State::OPEN;
    Pump();
    // RFC 6347 4.2.4: the sender of the final flight retransmits it when the peer retransmits
    // its previous flight (the duplicate produces nothing here: OpenSSL drops replays).
    if (m_datagram && wasOpen && m_state == State::OPEN && !m_lastFlight.empty() &&
        m_txChunks == txBefore && m_rxAppChunks == rxBefore && m_echoes < m_dtlsTimeouts.size())
    {
        ++m_echoes;
        NS_LOG_LOGIC("peer retransmitted: resending our final flight");
        std::vector<std::string> flight = m_lastFlight;
        Transmit(flight, false);
    }
}

void
TlsEndpoint::ArmRetransmit()
{
    m_retransmitEvent.Cancel();
    m_retransmitIndex = 0;
    // The event holds a plain pointer: the EventId kept in m_retransmitEvent holds the event,
    // so an event holding a Ptr to this endpoint would keep it alive for ever (a cycle).
    // DoDispose() and the destructor cancel it.
    m_retransmitEvent = Simulator::Schedule(m_dtlsTimeouts[0], &TlsEndpoint::Retransmit, this);
}

void
TlsEndpoint::Retransmit()
{
    if (m_state != State::HANDSHAKE || m_ssl == nullptr)
    {
        return;
    }
    uint32_t expired = m_retransmitIndex;
    if (expired + 1 >= m_dtlsTimeouts.size())
    {
        std::ostringstream detail;
        detail << "DTLS: no answer after " << m_dtlsTimeouts.size() << " timeouts ("
               << TimesToString(m_dtlsTimeouts) << ")";
        Fail(TlsError::TIMEOUT, detail.str());
        return;
    }
    if (!m_computeBusy)
    {
        NS_LOG_LOGIC("DTLS retransmission after " << m_dtlsTimeouts[expired].As(Time::S));
        ++m_retransmissions;
        m_retransmitTrace(m_dtlsTimeouts[expired]);
        std::vector<std::string> flight = m_lastFlight;
        for (const auto& datagram : flight)
        {
            Ptr<Packet> p =
                Create<Packet>(reinterpret_cast<const uint8_t*>(datagram.data()), datagram.size());
            m_socket->SendTo(p, 0, m_peer);
            ++m_txChunks;
            ParseTxRecords(datagram);
            m_transportTxTrace(datagram);
        }
    }
    m_retransmitIndex = expired + 1;
    m_retransmitEvent =
        Simulator::Schedule(m_dtlsTimeouts[m_retransmitIndex], &TlsEndpoint::Retransmit, this);
}

void
TlsEndpoint::OnPeerClose(Ptr<Socket> /* socket */)
{
    NS_LOG_FUNCTION(this);
    m_transportClosed = true;
    if (m_state == State::HANDSHAKE || m_state == State::IDLE)
    {
        Fail(TlsError::TRANSPORT_CLOSED, "the peer closed the TCP connection");
    }
    else if (m_state == State::OPEN || m_state == State::CLOSING)
    {
        m_state = State::CLOSED;
        CloseTransport(true);
        m_closedTrace(false);
    }
}

void
TlsEndpoint::OnTransportError(Ptr<Socket> socket)
{
    OnPeerClose(socket);
}

void
TlsEndpoint::Close()
{
    NS_LOG_FUNCTION(this);
    if (m_state == State::HANDSHAKE)
    {
        Abort(TlsError::TRANSPORT_CLOSED);
        return;
    }
    if (m_state == State::IDLE)
    {
        m_state = State::CLOSED;
        CloseTransport(true);
        return;
    }
    if (m_state != State::OPEN)
    {
        return;
    }
    {
        TlsRandom::Scope scope(m_random);
        SSL_shutdown(m_ssl);
    }
    m_state = State::CLOSING;
    TransmitRecords(DrainOutput(), 0);
    // The socket closes once every record ahead of the close_notify has left.
    AfterRecordWork(0,
                    0,
                    [this]()
                    {
                        if (!m_datagram && m_state == State::CLOSING)
                        {
                            m_closeAfterFlush = true;
                            FlushToSocket();
                        }
                    });
}

bool
TlsEndpoint::Renegotiate()
{
    NS_LOG_FUNCTION(this);
    if (m_ssl == nullptr || m_state != State::OPEN || m_datagram || m_computeBusy ||
        SSL_version(m_ssl) >= TLS1_3_VERSION)
    {
        return false;
    }
    int result;
    int sslError = SSL_ERROR_NONE;
    {
        TlsRandom::Scope scope(m_random);
        ERR_clear_error();
        if (SSL_renegotiate(m_ssl) != 1)
        {
            const char* reason = ERR_reason_error_string(ERR_peek_error());
            NS_LOG_INFO("SSL_renegotiate refused: " << (reason != nullptr ? reason : "?"));
            ERR_clear_error();
            return false;
        }
        result = SSL_do_handshake(m_ssl);
        if (result != 1)
        {
            sslError = SSL_get_error(m_ssl, result);
        }
    }
    Transmit(DrainOutput(), false);
    if (result != 1 && sslError != SSL_ERROR_WANT_READ && sslError != SSL_ERROR_WANT_WRITE)
    {
        FailFromOpenSsl(sslError);
        return false;
    }
    NS_LOG_INFO((m_server ? "server" : "client") << " renegotiation started");
    return true;
}

uint32_t
TlsEndpoint::GetRenegotiationCount() const
{
    return m_renegotiations;
}

std::string
TlsEndpoint::LastFinished() const
{
    char buffer[EVP_MAX_MD_SIZE + 64];
    const size_t n = SSL_get_finished(m_ssl, buffer, sizeof(buffer));
    return std::string(buffer, std::min(n, sizeof(buffer)));
}

void
TlsEndpoint::MsgCb(int /* writeP */,
                   int /* version */,
                   int contentType,
                   const void* /* buf */,
                   size_t len,
                   SSL* /* ssl */,
                   void* arg)
{
    auto* self = static_cast<TlsEndpoint*>(arg);
    if (self != nullptr && contentType == SSL3_RT_HANDSHAKE && self->m_state == State::HANDSHAKE)
    {
        self->m_handshakeBytes += len;
    }
}

void
TlsEndpoint::InfoCb(const SSL* ssl, int where, int /* ret */)
{
    if ((where & SSL_CB_HANDSHAKE_DONE) == 0)
    {
        return;
    }
    auto self = static_cast<TlsEndpoint*>(SSL_get_app_data(ssl));
    if (self == nullptr || !self->m_completed || self->m_datagram ||
        SSL_version(ssl) >= TLS1_3_VERSION)
    {
        return;
    }
    // A server's HelloRequest also ends in SSL_CB_HANDSHAKE_DONE: only a new Finished
    // message marks a completed renegotiation.
    std::string finished = self->LastFinished();
    if (finished.empty() || finished == self->m_finished)
    {
        return;
    }
    self->m_finished = std::move(finished);
    ++self->m_renegotiations;
    NS_LOG_INFO((self->m_server ? "server" : "client")
                << " renegotiation " << self->m_renegotiations << " complete");
    self->m_renegotiatedTrace(self->m_renegotiations);
}

void
TlsEndpoint::Abort(TlsError reason)
{
    NS_LOG_FUNCTION(this << reason);
    m_pending.clear();
    m_pendingTrace = 0;
    DropRecordJobs();
    if (m_state == State::HANDSHAKE || m_state == State::IDLE)
    {
        Fail(reason, "aborted locally");
        return;
    }
    if (m_state == State::OPEN || m_state == State::CLOSING)
    {
        m_state = State::CLOSED;
        CloseTransport(true);
        m_closedTrace(false);
    }
}

void
TlsEndpoint::CloseTransport(bool immediately)
{
    if (!m_socket || m_transportClosed)
    {
        m_retransmitEvent.Cancel();
        return;
    }
    if (!m_datagram && !immediately && !m_pending.empty())
    {
        m_closeAfterFlush = true;
        return;
    }
    m_retransmitEvent.Cancel();
    m_transportClosed = true;
    if (m_datagram)
    {
        m_socket->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
    }
    m_socket->Close();
}

void
TlsEndpoint::Fail(TlsError error, const std::string& detail)
{
    if (m_state == State::CLOSED)
    {
        return;
    }
    const bool handshaking = m_state == State::HANDSHAKE || m_state == State::IDLE;
    NS_LOG_INFO((m_server ? "server" : "client") << " failed: " << error << " (" << detail << ")");
    m_state = State::CLOSED;
    m_error = error;
    m_retransmitEvent.Cancel();
    DropRecordJobs();
    m_held.clear();
    m_heldCompletion = false;
    CloseTransport(error == TlsError::TIMEOUT || error == TlsError::TRANSPORT_CLOSED);
    if (handshaking)
    {
        m_handshakeFailedTrace(error, detail);
    }
    else
    {
        m_closedTrace(false);
    }
}

void
TlsEndpoint::FailFromOpenSsl(int sslError)
{
    unsigned long first = 0;
    std::string detail;
    unsigned long e;
    while ((e = ERR_get_error()) != 0)
    {
        // The first libssl error names the cause; provider errors only precede it.
        if (first == 0 || (ERR_GET_LIB(first) != ERR_LIB_SSL && ERR_GET_LIB(e) == ERR_LIB_SSL))
        {
            first = e;
        }
        char buffer[256];
        ERR_error_string_n(e, buffer, sizeof(buffer));
        detail += (detail.empty() ? "" : "; ") + std::string(buffer);
    }
    long verify = X509_V_OK;
    if (first != 0 && ERR_GET_LIB(first) == ERR_LIB_SSL &&
        ERR_GET_REASON(first) == SSL_R_CERTIFICATE_VERIFY_FAILED)
    {
        verify = SSL_get_verify_result(m_ssl);
        detail += std::string(" (verify: ") + X509_verify_cert_error_string(verify) + ")";
    }
    if (detail.empty())
    {
        detail = "SSL error " + std::to_string(sslError);
    }
    const TlsConfig& cfg = m_context->GetConfig();
    bool psk = !cfg.pskIdentity.empty() || !cfg.pskKeys.empty();
    TlsError error = first == 0 ? (sslError == SSL_ERROR_SYSCALL ? TlsError::TRANSPORT_CLOSED
                                                                 : TlsError::HANDSHAKE_FAILURE)
                                : Classify(verify, first, psk);
    Fail(error, detail);
}

TlsError
TlsEndpoint::Classify(long verifyResult, unsigned long errorCode, bool pskHandshake)
{
    switch (verifyResult)
    {
        case X509_V_OK:
            break;
        case X509_V_ERR_CERT_HAS_EXPIRED:
            return TlsError::CERTIFICATE_EXPIRED;
        case X509_V_ERR_CERT_NOT_YET_VALID:
            return TlsError::CERTIFICATE_NOT_YET_VALID;
        case X509_V_ERR_HOSTNAME_MISMATCH:
            return TlsError::HOSTNAME_MISMATCH;
        case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
        case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
        case X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE:
        case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
        case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
            return TlsError::UNKNOWN_CA;
        default:
            return TlsError::CERTIFICATE_VERIFY_FAILED;
    }
    if (ERR_SYSTEM_ERROR(errorCode))
    {
        return TlsError::TRANSPORT_CLOSED;
    }
    if (ERR_GET_LIB(errorCode) != ERR_LIB_SSL)
    {
        return TlsError::HANDSHAKE_FAILURE;
    }
    const int reason = ERR_GET_REASON(errorCode);
    if (reason >= SSL_AD_REASON_OFFSET && reason < SSL_AD_REASON_OFFSET + 256)
    {
        switch (reason - SSL_AD_REASON_OFFSET)
        {
            case SSL_AD_PROTOCOL_VERSION:
                return TlsError::PROTOCOL_VERSION;
            case SSL_AD_UNKNOWN_PSK_IDENTITY:
                return TlsError::PSK_FAILURE;
            default:
                return TlsError::PEER_ALERT;
        }
    }
    switch (reason)
    {
        case SSL_R_CERTIFICATE_VERIFY_FAILED:
            return TlsError::CERTIFICATE_VERIFY_FAILED;
        case SSL_R_UNSUPPORTED_PROTOCOL:
        case SSL_R_NO_PROTOCOLS_AVAILABLE:
        case SSL_R_VERSION_TOO_LOW:
        case SSL_R_VERSION_TOO_HIGH:
        case SSL_R_UNKNOWN_SSL_VERSION:
        case SSL_R_WRONG_SSL_VERSION:
            return TlsError::PROTOCOL_VERSION;
        case SSL_R_NO_SHARED_CIPHER:
        case SSL_R_NO_CIPHERS_AVAILABLE:
        case SSL_R_NO_CIPHER_MATCH:
        case SSL_R_NO_SHARED_SIGNATURE_ALGORITHMS:
        case SSL_R_NO_SUITABLE_KEY_SHARE:
            return TlsError::NO_SHARED_CIPHER;
        case SSL_R_PSK_IDENTITY_NOT_FOUND:
        case SSL_R_PSK_NO_CLIENT_CB:
        case SSL_R_PSK_NO_SERVER_CB:
        case SSL_R_BINDER_DOES_NOT_VERIFY:
            return TlsError::PSK_FAILURE;
        case SSL_R_DECRYPTION_FAILED_OR_BAD_RECORD_MAC:
        case SSL_R_DIGEST_CHECK_FAILED:
            return pskHandshake ? TlsError::PSK_FAILURE : TlsError::BAD_RECORD;
        case SSL_R_WRONG_VERSION_NUMBER:
        case SSL_R_PACKET_LENGTH_TOO_LONG:
        case SSL_R_RECORD_LENGTH_MISMATCH:
        case SSL_R_ENCRYPTED_LENGTH_TOO_LONG:
        case SSL_R_HTTP_REQUEST:
        case SSL_R_HTTPS_PROXY_REQUEST:
        case SSL_R_UNEXPECTED_RECORD:
        case SSL_R_UNEXPECTED_MESSAGE:
        case SSL_R_BAD_PACKET_LENGTH:
        case SSL_R_LENGTH_MISMATCH:
        case SSL_R_BAD_LENGTH:
        case SSL_R_LENGTH_TOO_SHORT:
        case SSL_R_RECORD_TOO_SMALL:
        case SSL_R_BAD_RECORD_TYPE:
        case SSL_R_WRONG_CIPHER_RETURNED:
        case SSL_R_UNEXPECTED_EOF_WHILE_READING:
            return TlsError::BAD_RECORD;
        default:
            return TlsError::HANDSHAKE_FAILURE;
    }
}

HandshakeSummary
TlsEndpoint::BuildSummary(bool /* afterInput */) const
{
    using S = HandshakeSummary;
    S s;
    s.role = m_server ? S::Role::SERVER : S::Role::CLIENT;
    // The transcript hash covers the handshake messages exchanged so far.
    s.transcriptBytes = m_handshakeBytes;
    const TlsConfig& cfg = m_context->GetConfig();
    for (const std::string* file : {&cfg.caPem, &cfg.certChainPem, &cfg.keyPem})
    {
        s.localFileBytes += file->size();
        for (size_t at = file->find("-----BEGIN "); at != std::string::npos;
             at = file->find("-----BEGIN ", at + 1))
        {
            ++s.localFileObjects;
        }
    }
    const bool psk = !cfg.pskIdentity.empty() || !cfg.pskKeys.empty();
    const SSL_CIPHER* cipher = SSL_get_current_cipher(m_ssl);
    if (cipher == nullptr)
    {
        cipher = SSL_get_pending_cipher(m_ssl);
    }
    if (cipher == nullptr)
    {
        // Client before ServerHello: only the ClientHello's key share is known to be needed.
        const bool may13 = !cfg.datagram && (cfg.maxVersion == TlsConfig::Version::DEFAULT ||
                                             cfg.maxVersion == TlsConfig::Version::TLS_1_3);
        s.version = may13 ? S::Version::TLS_1_3 : S::Version::TLS_1_2;
        s.keyExchange = may13 ? S::KeyExchange::ECDHE : S::KeyExchange::ECDHE_RSA;
        s.resumed = true; // no peer chain known yet
        return s;
    }
    s.version = SSL_version(m_ssl) == TLS1_3_VERSION ? S::Version::TLS_1_3 : S::Version::TLS_1_2;
    s.resumed = SSL_session_reused(m_ssl) == 1;

    EVP_PKEY* tmp = nullptr;
    long gotTmp = m_server ? SSL_get_tmp_key(m_ssl, &tmp) : SSL_get_peer_tmp_key(m_ssl, &tmp);
    bool ffdhe = false;
    if (gotTmp == 1 && tmp != nullptr)
    {
        int id = EVP_PKEY_get_base_id(tmp);
        ffdhe = id == EVP_PKEY_DH;
        s.groupBits = (id == EVP_PKEY_X25519) ? 256 : static_cast<uint32_t>(EVP_PKEY_get_bits(tmp));
        EVP_PKEY_free(tmp);
    }
    if (s.version == S::Version::TLS_1_3)
    {
        if (psk)
        {
            s.keyExchange = S::KeyExchange::ECDHE_PSK;
            s.resumed = false;
        }
        else
        {
            s.keyExchange = ffdhe ? S::KeyExchange::DHE : S::KeyExchange::ECDHE;
        }
    }
    else
    {
        int kx = SSL_CIPHER_get_kx_nid(cipher);
        int auth = SSL_CIPHER_get_auth_nid(cipher);
        switch (kx)
        {
            case NID_kx_rsa:
                s.keyExchange = S::KeyExchange::RSA;
                break;
            case NID_kx_ecdhe:
                s.keyExchange = auth == NID_auth_ecdsa ? S::KeyExchange::ECDHE_ECDSA
                                                       : S::KeyExchange::ECDHE_RSA;
                break;
            case NID_kx_dhe:
                s.keyExchange = S::KeyExchange::DHE_RSA;
                break;
            case NID_kx_ecdhe_psk:
                s.keyExchange = S::KeyExchange::ECDHE_PSK;
                break;
            case NID_kx_psk:
            case NID_kx_dhe_psk:
            case NID_kx_rsa_psk:
                s.keyExchange = S::KeyExchange::PSK;
                break;
            default:
                s.keyExchange = S::KeyExchange::ECDHE_RSA;
                break;
        }
    }
    if (s.groupBits == 0)
    {
        s.groupBits = 256;
    }

    X509* own = SSL_get_certificate(m_ssl);
    if (own != nullptr)
    {
        s.localKeyType = KeyTypeOf(X509_get0_pubkey(own), s.localKeyBits);
    }

    STACK_OF(X509)* verified = SSL_get0_verified_chain(m_ssl);
    std::vector<X509*> chain;
    if (verified != nullptr && sk_X509_num(verified) > 0)
    {
        for (int i = 0; i < sk_X509_num(verified); ++i)
        {
            chain.push_back(sk_X509_value(verified, i));
        }
    }
    else
    {
        X509* leaf = SSL_get0_peer_certificate(m_ssl);
        STACK_OF(X509)* peer = SSL_get_peer_cert_chain(m_ssl);
        if (leaf != nullptr)
        {
            chain.push_back(leaf);
        }
        for (int i = 0; peer != nullptr && i < sk_X509_num(peer); ++i)
        {
            X509* c = sk_X509_value(peer, i);
            if (c != leaf && X509_cmp(c, leaf) != 0)
            {
                chain.push_back(c);
            }
        }
    }
    for (size_t i = 0; i < chain.size(); ++i)
    {
        S::Certificate c;
        c.keyType = KeyTypeOf(X509_get0_pubkey(chain[i]), c.keyBits);
        const int der = i2d_X509(chain[i], nullptr);
        c.derBytes = der > 0 ? static_cast<uint32_t>(der) : 0;
        if (i + 1 < chain.size())
        {
            c.signerKeyType = KeyTypeOf(X509_get0_pubkey(chain[i + 1]), c.signerKeyBits);
        }
        else
        {
            c.selfSigned = X509_check_issued(chain[i], chain[i]) == X509_V_OK;
            c.signerKeyType = c.keyType; // unknown issuer: assume the same key type
            c.signerKeyBits = c.keyBits;
        }
        s.peerChain.push_back(c);
    }
    s.clientAuth = m_server ? !s.peerChain.empty()
                            : (m_certRequested && own != nullptr && !s.peerChain.empty());

    switch (SSL_CIPHER_get_cipher_nid(cipher))
    {
        case NID_aes_128_gcm:
        case NID_aes_256_gcm:
            s.cipher = CipherKind::AES_GCM;
            break;
        case NID_aes_128_ccm:
        case NID_aes_256_ccm:
            s.cipher = CipherKind::AES_CCM;
            break;
        case NID_chacha20_poly1305:
            s.cipher = CipherKind::CHACHA20_POLY1305;
            break;
        case NID_undef:
            s.cipher = CipherKind::NONE;
            break;
        default:
            s.cipher = CipherKind::AES_CBC;
            break;
    }
    int bits = SSL_CIPHER_get_bits(cipher, nullptr);
    s.cipherKeyBits = bits <= 128 ? 128 : (bits <= 192 ? 192 : 256);
    return s;
}

void
TlsEndpoint::OnNewSession(SSL_SESSION* session)
{
    // A ticket's lifetime hint (RFC 5077 / RFC 8446 ticket_lifetime) bounds the session's own
    // timeout; a session-ID session only has the client's timeout.
    long seconds = SSL_SESSION_get_timeout(session);
    unsigned long hint = SSL_SESSION_get_ticket_lifetime_hint(session);
    if (SSL_SESSION_has_ticket(session) == 1 && hint > 0 && static_cast<long>(hint) < seconds)
    {
        seconds = static_cast<long>(hint);
    }
    Time lifetime = Seconds(static_cast<double>(seconds));
    m_session = Create<TlsSession>(session, Simulator::Now(), lifetime);
    const TlsConfig& cfg = m_context->GetConfig();
    const bool verified = cfg.verify != TlsConfig::Verify::NONE && m_ssl != nullptr &&
                          SSL_get_verify_result(m_ssl) == X509_V_OK;
    m_session->SetPolicy(m_context->GetSecurityDigest(), verified);
    NS_LOG_LOGIC("new session, lifetime " << lifetime.As(Time::S) << ", verified " << verified);
}

int
TlsEndpoint::NewSessionCb(SSL* ssl, SSL_SESSION* session)
{
    auto self = static_cast<TlsEndpoint*>(SSL_get_app_data(ssl));
    if (self != nullptr)
    {
        self->OnNewSession(session);
    }
    return 0; // TlsSession took its own reference
}

int
TlsEndpoint::CertCb(SSL* /* ssl */, void* arg)
{
    auto self = static_cast<TlsEndpoint*>(arg);
    if (self != nullptr)
    {
        self->m_certRequested = true;
    }
    return 1;
}

unsigned int
TlsEndpoint::DtlsTimerCb(SSL* /* ssl */, unsigned int /* previousUs */)
{
    return DTLS_OPENSSL_TIMER_US;
}

} // namespace lpwa
} // namespace ns3
