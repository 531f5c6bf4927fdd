/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef LPWA_TLS_ENDPOINT_H
#define LPWA_TLS_ENDPOINT_H

#include "compute-resource.h"
#include "crypto-cost-model.h"
#include "handshake-summary.h"
#include "tls-context.h"
#include "tls-error.h"
#include "tls-random.h"
#include "tls-session.h"

#include "ns3/address.h"
#include "ns3/callback.h"
#include "ns3/event-id.h"
#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/socket.h"
#include "ns3/traced-callback.h"
#include "ns3/traced-value.h"

#include <cstdint>
#include <deque>
#include <functional>
#include <string>
#include <vector>

struct ssl_st;
struct bio_st;

namespace ns3
{
namespace lpwa
{

/**
 * \brief One TLS (over an ns-3 TCP socket) or DTLS (over an ns-3 UDP socket) connection, run by
 * a real OpenSSL SSL object whose records travel as bytes through the simulated network.
 *
 * The SSL object reads from and writes to memory BIOs (for DTLS, a datagram-queue BIO that
 * keeps datagram boundaries); the endpoint pumps them from the socket's receive and send
 * callbacks. Every OpenSSL call runs inside a TlsRandom::Scope of this endpoint's own
 * TlsRandomSource, so its bytes depend only on its stream (AssignStreams()).
 *
 * TCP output never exceeds what the socket accepts (GetTxAvailable()); the rest waits in a
 * buffer of at most `MaxPendingBytes` of application records (handshake and alert records are
 * always accepted). Send() returns how much plaintext it took; when it took less than offered
 * the writable callback runs once there is room again.
 *
 * With SetCompute(), each flight the endpoint produces is held until its ComputeResource has
 * run the flight's modelled cost (HandshakeCostEstimator applied to a HandshakeSummary built
 * from what OpenSSL negotiated so far); input that arrives meanwhile waits.
 *
 * DTLS: OpenSSL's own retransmission timer reads the host clock, so it is disabled (a timer
 * callback returning about an hour) and the endpoint retransmits its last flight on ns-3 timers
 * following `DtlsRetransmitTimeouts` until the peer's next flight arrives; after the last
 * timeout the handshake fails with TIMEOUT. Retransmitted datagrams are byte-identical copies
 * (same record sequence numbers), so a peer that already has them drops them as replays; the
 * side that sent the final flight therefore resends it whenever a datagram after completion
 * produces nothing (the peer's retransmission, RFC 6347 4.2.4), at most once per timeout
 * entry, until application data shows that the peer has completed.
 */
class TlsEndpoint : public Object
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    TlsEndpoint();
    ~TlsEndpoint() override;

    /**
     * \brief Get the number of TlsEndpoint objects alive in this process (constructed and not
     * yet destroyed), to check that connections free their endpoints.
     * \return the count
     */
    static uint64_t GetLiveCount();

    /**
     * \brief Run over a TCP socket that is connected (client) or accepted (server).
     * \param context a configured stream context; fatal error if null, unconfigured or DTLS
     * \param socket the TCP socket; fatal error if null. Its receive, send and close callbacks
     *        are taken over.
     */
    void SetStreamTransport(Ptr<TlsContext> context, Ptr<Socket> socket);

    /**
     * \brief Run over a UDP socket (DTLS).
     * \param context a configured datagram context; fatal error if null, unconfigured or TLS
     * \param socket the UDP socket, bound; fatal error if null
     * \param peer the peer's address; a server may pass an empty Address to answer whoever
     *        sends the first datagram
     */
    void SetDatagramTransport(Ptr<TlsContext> context, Ptr<Socket> socket, const Address& peer);

    /**
     * \brief Model crypto time: hold each flight until the resource has run its cost.
     *
     * With `chargeRecords`, application data costs too once the handshake is complete: each
     * Send()'s records leave after the resource has encrypted them, and each decrypted chunk
     * is delivered after it has been decrypted (CIPHER_BYTES of the negotiated cipher, per
     * plaintext byte). Records, alerts and the close keep their order.
     *
     * \param cost the cost model; fatal error if null
     * \param compute the processor; fatal error if null
     * \param chargeRecords charge application-data records too (a module's MCU)
     */
    void SetCompute(Ptr<CryptoCostModel> cost,
                    Ptr<ComputeResource> compute,
                    bool chargeRecords = false);

    /**
     * \brief Offer a session on the next Start() (client only; ignored once expired).
     * \param session the session (null: none)
     */
    void SetSession(Ptr<TlsSession> session);

    /**
     * \brief Get the client's latest resumable session.
     * \return the session, or null if none was received
     */
    Ptr<TlsSession> GetSession() const;

    /**
     * \brief Use fixed ns-3 random streams for this endpoint's randomness.
     * \param stream the first stream index
     * \return the number of streams used (1)
     */
    int64_t AssignStreams(int64_t stream);

    /**
     * \brief Start the handshake (the client sends its ClientHello).
     *
     * Fatal error without a transport, or when called twice.
     */
    void Start();

    /**
     * \brief Send application data (after the handshake).
     * \param data the plaintext
     * \return the bytes accepted: 0 before completion, after close, or when the buffer is full
     */
    uint32_t Send(const std::string& data);

    /**
     * \brief How many plaintext bytes Send() would take now in one call: on a stream, the
     *        MaxPendingBytes room less a bound on the record overhead; on a datagram, one
     *        record's plaintext (16384); 0 unless the connection is open.
     * \return the bytes Send() accepts whole
     */
    uint32_t GetTxAvailable() const;

    /**
     * \brief Plaintext bytes Send() accepted whose records the peer's TCP acknowledged in
     *        full (a stream transport); a record still in the endpoint's queue or in the
     *        socket's send buffer counts as not acknowledged. 0 on a datagram transport.
     * \return the acknowledged plaintext bytes since the endpoint started
     */
    uint64_t GetPlaintextAcked() const;

    /**
     * \brief Set what runs when Send() may accept data again after a short write.
     * \param writable the callback
     */
    void SetWritableCallback(Callback<void> writable);

    /// \brief Send close_notify, then close the transport once the output has left.
    void Close();

    /**
     * \brief Close the transport at once, without close_notify.
     *
     * During the handshake this fails it (HandshakeFailed(reason)); afterwards it fires
     * Closed(false).
     * \param reason the error reported during the handshake (e.g. TIMEOUT from the AT layer)
     */
    void Abort(TlsError reason = TlsError::TRANSPORT_CLOSED);

    /**
     * \brief Start a renegotiation of an open TLS 1.2 (or older) connection, from either role.
     *
     * SSL_renegotiate() and one pump: a server sends HelloRequest, a client a new ClientHello;
     * the rest of the handshake runs inside the reads of application data (the connection
     * stays open and Send() keeps working). Completion fires Renegotiated on both sides.
     *
     * Whether the peer takes part is its own context's TlsConfig::renegotiation: a client
     * without it (SSL_OP_NO_RENEGOTIATION) answers HelloRequest with a no_renegotiation
     * warning alert, on which OpenSSL 3 (the initiating server) ends the connection with a
     * fatal handshake_failure alert (SSL_R_NO_RENEGOTIATION): both sides see Closed(false). A
     * server without it refuses a client's renegotiation the same way.
     *
     * No modelled crypto time is charged for a renegotiation.
     * \return false where impossible: not open, DTLS, TLS 1.3, a flight being computed, or
     *         OpenSSL refuses (this endpoint's own context has SSL_OP_NO_RENEGOTIATION)
     */
    bool Renegotiate();

    /**
     * \brief Get the number of renegotiation handshakes completed on this connection.
     * \return the count (a new Finished message after the first handshake)
     */
    uint32_t GetRenegotiationCount() const;

    /**
     * \brief Tell whether the handshake has completed (stays true after the connection closes).
     * \return true once HandshakeCompleted fired
     */
    bool IsHandshakeComplete() const;

    /**
     * \brief Tell whether the completed handshake resumed a session.
     * \return SSL_session_reused()
     */
    bool IsResumed() const;

    /**
     * \brief Get the negotiated cipher suite.
     * \return the OpenSSL name, or "" before the handshake
     */
    std::string GetCipherName() const;

    /**
     * \brief Get the negotiated protocol version.
     * \return e.g. "TLSv1.2", or "" before the handshake
     */
    std::string GetVersionName() const;

    /**
     * \brief Get the error that ended the connection.
     * \return the error, NONE if none
     */
    TlsError GetError() const;

    /**
     * \brief Get the total modelled crypto time of this endpoint.
     * \return the sum of all flights' costs
     */
    Time GetComputeTime() const;

    /**
     * \brief Get the modelled crypto time of the handshake.
     * \return the sum of the handshake flights' costs
     */
    Time GetHandshakeComputeTime() const;

    /**
     * \brief Get the application bytes waiting for room in the socket.
     * \return the count
     */
    uint32_t GetPendingBytes() const;

    /**
     * \brief Get the summary of the handshake, as last given to the cost estimator.
     * \return the summary
     */
    const HandshakeSummary& GetHandshakeSummary() const;

    /**
     * \brief Map an OpenSSL failure to a TlsError (the one table of the module).
     *
     * The table, first match wins (verify results from SSL_get_verify_result(), reasons are
     * ERR_GET_REASON() of the first libssl error, SSL_R_ prefix omitted):
     * - verify X509_V_ERR_CERT_HAS_EXPIRED -> CERTIFICATE_EXPIRED
     * - verify X509_V_ERR_CERT_NOT_YET_VALID -> CERTIFICATE_NOT_YET_VALID
     * - verify X509_V_ERR_HOSTNAME_MISMATCH -> HOSTNAME_MISMATCH
     * - verify UNABLE_TO_GET_ISSUER_CERT(_LOCALLY), UNABLE_TO_VERIFY_LEAF_SIGNATURE,
     *   DEPTH_ZERO_SELF_SIGNED_CERT, SELF_SIGNED_CERT_IN_CHAIN -> UNKNOWN_CA
     * - any other verify result != X509_V_OK -> CERTIFICATE_VERIFY_FAILED
     * - a system (errno) error -> TRANSPORT_CLOSED; a non-libssl error -> HANDSHAKE_FAILURE
     * - alert received (reason 1000 + alert): protocol_version -> PROTOCOL_VERSION;
     *   unknown_psk_identity -> PSK_FAILURE; any other -> PEER_ALERT
     * - CERTIFICATE_VERIFY_FAILED (no verify result) -> CERTIFICATE_VERIFY_FAILED
     * - UNSUPPORTED_PROTOCOL, NO_PROTOCOLS_AVAILABLE, VERSION_TOO_LOW, VERSION_TOO_HIGH,
     *   UNKNOWN_SSL_VERSION, WRONG_SSL_VERSION -> PROTOCOL_VERSION
     * - NO_SHARED_CIPHER, NO_CIPHERS_AVAILABLE, NO_CIPHER_MATCH,
     *   NO_SHARED_SIGNATURE_ALGORITHMS, NO_SUITABLE_KEY_SHARE -> NO_SHARED_CIPHER
     * - PSK_IDENTITY_NOT_FOUND, PSK_NO_CLIENT_CB, PSK_NO_SERVER_CB, BINDER_DOES_NOT_VERIFY
     *   -> PSK_FAILURE
     * - DECRYPTION_FAILED_OR_BAD_RECORD_MAC, DIGEST_CHECK_FAILED -> PSK_FAILURE in a PSK
     *   handshake (a wrong key shows up as a bad Finished), else BAD_RECORD
     * - WRONG_VERSION_NUMBER, PACKET_LENGTH_TOO_LONG, RECORD_LENGTH_MISMATCH,
     *   ENCRYPTED_LENGTH_TOO_LONG, HTTP_REQUEST, HTTPS_PROXY_REQUEST, UNEXPECTED_RECORD,
     *   UNEXPECTED_MESSAGE, BAD_PACKET_LENGTH, LENGTH_MISMATCH, BAD_LENGTH, LENGTH_TOO_SHORT,
     *   RECORD_TOO_SMALL, BAD_RECORD_TYPE, WRONG_CIPHER_RETURNED, UNEXPECTED_EOF_WHILE_READING
     *   (garbage, truncation) -> BAD_RECORD
     * - anything else (e.g. PEER_DID_NOT_RETURN_A_CERTIFICATE) -> HANDSHAKE_FAILURE
     *
     * TRANSPORT_CLOSED (socket closed) and TIMEOUT (DTLS retransmissions exhausted, Abort())
     * come from the transport, not from OpenSSL.
     * \param verifyResult SSL_get_verify_result() (X509_V_OK if not applicable)
     * \param errorCode the first ERR_get_error() code of the failure (0 if none)
     * \param pskHandshake whether the handshake authenticates with an external PSK
     * \return the error
     */
    static TlsError Classify(long verifyResult, unsigned long errorCode, bool pskHandshake);

    /**
     * \brief TracedCallback signature for HandshakeCompleted.
     * \param resumed whether a session was resumed
     */
    typedef void (*HandshakeCompletedCallback)(bool resumed);

    /**
     * \brief TracedCallback signature for HandshakeFailed.
     * \param error the classified error
     * \param detail OpenSSL's error text
     */
    typedef void (*HandshakeFailedCallback)(TlsError error, std::string detail);

    /**
     * \brief TracedCallback signature for DataReceived.
     * \param data decrypted application data
     */
    typedef void (*DataReceivedCallback)(std::string data);

    /**
     * \brief TracedCallback signature for Closed.
     * \param clean true if the peer's close_notify was received
     */
    typedef void (*ClosedCallback)(bool clean);

    /**
     * \brief TracedCallback signature for RecordTx/RecordRx.
     * \param bytes the record's size, header included
     */
    typedef void (*RecordCallback)(uint32_t bytes);

    /**
     * \brief TracedCallback signature for TransportTx.
     * \param bytes the bytes handed to the socket (a TCP chunk or one datagram)
     */
    typedef void (*TransportTxCallback)(std::string bytes);

    /**
     * TracedCallback signature for Renegotiated.
     * \param count renegotiations completed so far
     */
    typedef void (*RenegotiatedCallback)(uint32_t count);

  protected:
    void DoDispose() override;

  private:
    /**
     * \brief Attribute setter for DtlsRetransmitTimeouts.
     * \param timeouts comma-separated times
     */
    void SetDtlsRetransmitTimeouts(std::string timeouts);
    /**
     * \brief Attribute getter for DtlsRetransmitTimeouts.
     * \return comma-separated times
     */
    std::string GetDtlsRetransmitTimeouts() const;
    /// Common part of SetStreamTransport/SetDatagramTransport.
    void Attach(Ptr<TlsContext> context, Ptr<Socket> socket, bool datagram, const char* who);
    /// Drive OpenSSL as far as the input allows.
    void Pump();
    /// Read application data after the handshake.
    void ReadApplication();

    /// An application-data step: its record-protection cost, then what it releases.
    struct RecordJob
    {
        Time cost;                  //!< modelled time on the processor
        uint64_t cipherBytes{0};    //!< TCP bytes it will queue (output's size)
        std::function<void()> then; //!< run once the cost has elapsed
    };

    /**
     * \brief Run `then` after `plainBytes` of record protection, in order with the earlier
     * record jobs; directly if records are not charged and nothing is queued.
     * \param plainBytes plaintext bytes protected (0: no cost, only ordering)
     * \param cipherBytes TCP bytes the job will put in m_pending
     * \param then what the job releases
     */
    void AfterRecordWork(uint64_t plainBytes, uint64_t cipherBytes, std::function<void()> then);

    /// The processor finished the head record job.
    void RecordJobDone(uint64_t generation);

    /// Start the head record job if none is running.
    void StartRecordJob();

    /// Take the head record job off the queue and run what it releases.
    void RunHeadRecordJob();

    /// Forget the queued record jobs (abort, failure, disposal).
    void DropRecordJobs();

    /**
     * \brief Count the bytes of some output.
     * \param output the chunks
     * \return their total size
     */
    static uint64_t GetOutputBytes(const std::vector<std::string>& output);

    /**
     * \brief Put output on the wire in order with the record jobs.
     * \param output the records
     * \param plainBytes the plaintext they protect (0: alerts, close_notify)
     */
    void TransmitRecords(std::vector<std::string> output, uint64_t plainBytes);

    /**
     * \brief Deliver decrypted data in order with the record jobs.
     * \param data the plaintext
     */
    void DeliverRecords(std::string data);
    /// Take what OpenSSL wrote: one string per datagram (DTLS) or one chunk (TLS).
    std::vector<std::string> DrainOutput();
    /// Hand output to the transport (buffering for TCP).
    void Transmit(const std::vector<std::string>& output, bool handshakeFlight);
    /// Move buffered TCP output into the socket.
    void FlushToSocket();
    /// Socket receive callback.
    void OnReceive(Ptr<Socket> socket);
    /// Socket send callback.
    void OnSendSpace(Ptr<Socket> socket, uint32_t available);
    /// Socket normal close callback.
    void OnPeerClose(Ptr<Socket> socket);
    /// Socket error close callback.
    void OnTransportError(Ptr<Socket> socket);
    /// Handshake completed.
    void Complete();
    /// Fail the handshake or end the connection with an error.
    void Fail(TlsError error, const std::string& detail);
    /// Report the last OpenSSL error of a failed call.
    void FailFromOpenSsl(int sslError);
    /// Close the socket (after buffered output has left, for TCP).
    void CloseTransport(bool immediately);
    /// Build the summary of what was negotiated so far.
    HandshakeSummary BuildSummary(bool afterInput) const;
    /// A compute job finished: release held output.
    void ComputeDone();
    /// DTLS retransmission timer.
    void Retransmit();
    /// Arm the DTLS timer for the current flight.
    void ArmRetransmit();
    /// Count records in received bytes (RecordRx).
    void ParseRxRecords(const uint8_t* data, size_t length);
    /// Fire RecordTx for records in output.
    void ParseTxRecords(const std::string& chunk);
    /// Set the verification time from the time source.
    void UpdateVerifyTime();
    /// Client new-session callback target.
    void OnNewSession(struct ssl_session_st* session);
    /// OpenSSL new-session callback (client).
    static int NewSessionCb(struct ssl_st* ssl, struct ssl_session_st* session);
    /// OpenSSL certificate callback (client: the server asked for a certificate).
    static int CertCb(struct ssl_st* ssl, void* arg);
    /// OpenSSL DTLS timer callback: never let OpenSSL retransmit on its own.
    static unsigned int DtlsTimerCb(struct ssl_st* ssl, unsigned int previousUs);
    /**
     * \brief OpenSSL info callback: counts renegotiations (SSL_CB_HANDSHAKE_DONE with a new
     *        Finished message).
     * \param ssl the connection
     * \param where SSL_CB_* flags
     * \param ret the return value
     */
    static void InfoCb(const struct ssl_st* ssl, int where, int ret);
    /**
     * \brief OpenSSL message callback: counts the handshake-message bytes sent and received,
     *        the bytes the transcript hash covers (HandshakeSummary::transcriptBytes).
     * \param writeP 1 for a message sent
     * \param version the protocol version
     * \param contentType the record content type (22: handshake)
     * \param buf the message
     * \param len its length
     * \param ssl the connection
     * \param arg the endpoint
     */
    static void MsgCb(int writeP,
                      int version,
                      int contentType,
                      const void* buf,
                      size_t len,
                      struct ssl_st* ssl,
                      void* arg);
    /// \return the last Finished message this endpoint sent
    std::string LastFinished() const;

    /// Connection state.
    enum class State : uint8_t
    {
        IDLE,      //!< not started
        HANDSHAKE, //!< handshaking
        OPEN,      //!< handshake done
        CLOSING,   //!< close_notify sent or received
        CLOSED,    //!< done (cleanly or not)
    };

    Ptr<TlsContext> m_context;        //!< the shared context
    Ptr<Socket> m_socket;             //!< the transport
    bool m_datagram{false};           //!< DTLS over UDP
    Address m_peer;                   //!< DTLS peer
    bool m_server{false};             //!< server role
    Ptr<TlsRandomSource> m_random;    //!< this endpoint's randomness
    struct ssl_st* m_ssl{nullptr};    //!< the connection
    struct bio_st* m_rbio{nullptr};   //!< network -> OpenSSL
    struct bio_st* m_wbio{nullptr};   //!< OpenSSL -> network
    State m_state{State::IDLE};       //!< state
    TlsError m_error{TlsError::NONE}; //!< error that ended the connection
    bool m_resumed{false};            //!< session reused
    bool m_completed{false};          //!< the handshake completed at some point
    Ptr<TlsSession> m_offer;          //!< session to offer
    Ptr<TlsSession> m_session;        //!< latest session received
    bool m_certRequested{false};      //!< the server asked for our certificate

    std::string m_pending;       //!< TCP bytes waiting for socket room
    uint64_t m_cipherQueued{0};  //!< TCP bytes ever put in m_pending
    uint64_t m_cipherSent{0};    //!< of them, handed to the socket
    uint64_t m_plainAccepted{0}; //!< plaintext bytes Send() accepted
    /// (end of its records in the TCP byte stream, m_plainAccepted after it) per Send()
    mutable std::deque<std::pair<uint64_t, uint64_t>> m_plainMarks;
    mutable uint64_t m_plainAcked{0}; //!< plaintext of the marks already acknowledged
    uint32_t m_maxPendingBytes{0};    //!< MaxPendingBytes attribute
    bool m_wantWritable{false};       //!< a Send() was short
    Callback<void> m_writable;        //!< writable callback
    bool m_closeAfterFlush{false};    //!< close the socket once m_pending is empty
    bool m_transportClosed{false};    //!< socket closed

    Ptr<CryptoCostModel> m_cost;        //!< crypto cost model (optional)
    Ptr<ComputeResource> m_compute;     //!< processor (optional)
    bool m_computeBusy{false};          //!< a flight is being computed
    uint32_t m_computePoints{0};        //!< flights computed in this handshake
    std::vector<std::string> m_held;    //!< output held during compute
    bool m_heldCompletion{false};       //!< completion held during compute
    bool m_inputPending{false};         //!< input arrived while computing
    Time m_computeTime;                 //!< total modelled crypto time
    Time m_handshakeComputeTime;        //!< modelled crypto time of the handshake
    bool m_chargeRecords{false};        //!< application data costs on m_compute
    std::deque<RecordJob> m_recordJobs; //!< application-data steps waiting, head running
    bool m_recordBusy{false};           //!< the head record job is on the processor
    uint64_t m_recordGeneration{0};     //!< bumped when queued jobs are dropped
    uint64_t m_recordQueuedBytes{0};    //!< TCP bytes of the queued jobs
    bool m_peerCloseQueued{false};      //!< the peer's close_notify waits behind record jobs
    HandshakeSummary m_summary;         //!< last summary

    std::vector<Time> m_dtlsTimeouts;      //!< DtlsRetransmitTimeouts
    std::vector<std::string> m_lastFlight; //!< last DTLS flight sent
    uint32_t m_retransmitIndex{0};         //!< next timeout index
    EventId m_retransmitEvent;             //!< DTLS timer
    uint32_t m_retransmissions{0};         //!< flights retransmitted
    uint32_t m_echoes{0};                  //!< last flight resent on a peer's retransmission
    uint64_t m_txChunks{0};                //!< transport sends so far
    uint64_t m_rxAppChunks{0};             //!< application data deliveries so far
    uint64_t m_handshakeBytes{0};          //!< handshake-message bytes of this handshake

    std::string m_rxRecordHeader;    //!< partial record header (RecordRx)
    uint32_t m_rxRecordRemaining{0}; //!< body bytes left of the current record

    TracedCallback<bool> m_handshakeCompletedTrace;               //!< HandshakeCompleted
    TracedCallback<TlsError, std::string> m_handshakeFailedTrace; //!< HandshakeFailed
    TracedCallback<std::string> m_dataReceivedTrace;              //!< DataReceived
    TracedCallback<bool> m_closedTrace;                           //!< Closed
    TracedCallback<uint32_t> m_recordTxTrace;                     //!< RecordTx
    TracedCallback<uint32_t> m_recordRxTrace;                     //!< RecordRx
    TracedCallback<std::string> m_transportTxTrace;               //!< TransportTx
    TracedCallback<Time> m_retransmitTrace;                       //!< DtlsRetransmit
    TracedValue<uint32_t> m_pendingTrace;                         //!< PendingBytes
    TracedCallback<uint32_t> m_renegotiatedTrace;                 //!< Renegotiated
    uint32_t m_renegotiations{0};                                 //!< renegotiations done
    std::string m_finished;                                       //!< last Finished sent
};

} // namespace lpwa
} // namespace ns3

#endif // LPWA_TLS_ENDPOINT_H
