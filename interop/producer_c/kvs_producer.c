/*
 * A live H.264 producer built on AWS's Kinesis Video Streams C producer library, as a camera or kvssink uses
 * it: the library makes every request itself (DescribeStream, CreateStream, TagStream, GetDataEndpoint with
 * APIName PUT_MEDIA, then PutMedia through libcurl with its own SigV4 signer). This program only feeds it the
 * library's bundled sample frames at 25 frames a second, as its own KvsVideoOnlyRealtimeStreamingSample does,
 * and reports what came back.
 *
 *   kvs-producer-c STREAM_NAME SECONDS FRAMES_DIR
 *
 * Environment: KVS_ENDPOINT (the control-plane URL, http:// or https://; the sample prefixes https:// to
 * anything, so it cannot reach a plain-HTTP server), AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,
 * AWS_DEFAULT_REGION, and KVS_LOG_LEVEL (the library's, 1 verbose .. 7 silent; default 5, errors only).
 *
 * Prints one line per event on stdout: "ACK TYPE TIMECODE MS" for each fragment acknowledgement (MS: since
 * the first frame was handed to the library), "ERROR 0xSTATUS" for each stream error the library reports,
 * and "DONE frames=N persisted=N errors=N" at the end. Exits 0 when every fragment was PERSISTED and no
 * error was reported.
 */
#include <com/amazonaws/kinesis/video/cproducer/Include.h>

#define FRAME_FILE_COUNT   403 /* the frames of samples/h264SampleFrames */
#define KEY_FRAME_INTERVAL 45  /* every 45th of them is a key frame */
#define FRAMES_PER_SECOND  25
#define RETENTION          (2 * HUNDREDS_OF_NANOS_IN_AN_HOUR)
#define BUFFER_DURATION    (120 * HUNDREDS_OF_NANOS_IN_A_SECOND)
#define STORAGE_SIZE       (20 * 1024 * 1024)

static volatile UINT64 firstFrameTime = 0;
static volatile UINT32 persistedCount = 0;
static volatile UINT32 errorCount = 0;

static const char* ackName(FRAGMENT_ACK_TYPE type)
{
    switch (type) {
        case FRAGMENT_ACK_TYPE_BUFFERING:
            return "BUFFERING";
        case FRAGMENT_ACK_TYPE_RECEIVED:
            return "RECEIVED";
        case FRAGMENT_ACK_TYPE_PERSISTED:
            return "PERSISTED";
        case FRAGMENT_ACK_TYPE_ERROR:
            return "ERROR";
        case FRAGMENT_ACK_TYPE_IDLE:
            return "IDLE";
        default:
            return "UNDEFINED";
    }
}

static STATUS onAck(UINT64 customData, STREAM_HANDLE stream, UPLOAD_HANDLE upload, PFragmentAck ack)
{
    UNUSED_PARAM(customData);
    UNUSED_PARAM(stream);
    UNUSED_PARAM(upload);
    if (ack->ackType == FRAGMENT_ACK_TYPE_PERSISTED) {
        persistedCount++;
    }
    printf("ACK %s %" PRIu64 " %.1f\n", ackName(ack->ackType), ack->timestamp,
           (DOUBLE) (GETTIME() - firstFrameTime) / HUNDREDS_OF_NANOS_IN_A_MILLISECOND);
    fflush(stdout);
    return STATUS_SUCCESS;
}

static STATUS onError(UINT64 customData, STREAM_HANDLE stream, UPLOAD_HANDLE upload, UINT64 timecode, STATUS status)
{
    UNUSED_PARAM(customData);
    UNUSED_PARAM(stream);
    UNUSED_PARAM(upload);
    UNUSED_PARAM(timecode);
    errorCount++;
    printf("ERROR 0x%08x\n", status);
    fflush(stdout);
    return STATUS_SUCCESS;
}

static STATUS readFrame(PFrame frame, PCHAR framesDir, UINT32 fileIndex, UINT32 capacity)
{
    STATUS retStatus = STATUS_SUCCESS;
    CHAR path[MAX_PATH_LEN + 1];
    UINT64 size = capacity;

    SNPRINTF(path, MAX_PATH_LEN, "%s/frame-%03u.h264", framesDir, fileIndex + 1);
    CHK_STATUS(readFile(path, TRUE, NULL, &size));
    CHK(size <= capacity, STATUS_BUFFER_TOO_SMALL);
    CHK_STATUS(readFile(path, TRUE, frame->frameData, &size));
    frame->size = (UINT32) size;

CleanUp:
    return retStatus;
}

INT32 main(INT32 argc, CHAR* argv[])
{
    STATUS retStatus = STATUS_SUCCESS;
    PDeviceInfo deviceInfo = NULL;
    PStreamInfo streamInfo = NULL;
    PClientCallbacks clientCallbacks = NULL;
    PStreamCallbacks streamCallbacks = NULL;
    CLIENT_HANDLE client = INVALID_CLIENT_HANDLE_VALUE;
    STREAM_HANDLE stream = INVALID_STREAM_HANDLE_VALUE;
    static BYTE frameBuffer[200000];
    Frame frame, endOfFragment = EOFR_FRAME_INITIALIZER;
    Tag tags[] = {{TAG_CURRENT_VERSION, (PCHAR) "producer", (PCHAR) "kvs-producer-c"},
                  {TAG_CURRENT_VERSION, (PCHAR) "interop", (PCHAR) "kvs-edge"}};
    PCHAR endpoint = GETENV("KVS_ENDPOINT"), accessKey = GETENV(ACCESS_KEY_ENV_VAR), secretKey = GETENV(SECRET_KEY_ENV_VAR);
    PCHAR region = GETENV(DEFAULT_REGION_ENV_VAR), logLevel = GETENV("KVS_LOG_LEVEL");
    UINT64 seconds = 0, stopTime;
    UINT32 frames = 0, fileIndex = 0, level = LOG_LEVEL_ERROR;

    if (argc != 4 || STATUS_FAILED(STRTOUI64(argv[2], NULL, 10, &seconds)) || endpoint == NULL || accessKey == NULL ||
        secretKey == NULL) {
        fprintf(stderr,
                "usage: KVS_ENDPOINT=URL AWS_ACCESS_KEY_ID=.. AWS_SECRET_ACCESS_KEY=.. %s STREAM_NAME SECONDS FRAMES_DIR\n",
                argv[0]);
        return 2;
    }
    if (region == NULL) {
        region = (PCHAR) DEFAULT_AWS_REGION;
    }
    if (logLevel != NULL) {
        STRTOUI32(logLevel, NULL, 10, &level);
    }

    CHK_STATUS(createDefaultDeviceInfo(&deviceInfo));
    deviceInfo->clientInfo.loggerLogLevel = level;
    deviceInfo->storageInfo.storageSize = STORAGE_SIZE;
    CHK_STATUS(createRealtimeVideoStreamInfoProviderWithCodecs(argv[1], RETENTION, BUFFER_DURATION, VIDEO_CODEC_ID_H264, &streamInfo));
    streamInfo->tagCount = ARRAY_SIZE(tags);
    streamInfo->tags = tags;

    CHK_STATUS(createDefaultCallbacksProviderWithAwsCredentialsAndEndpointOverride(accessKey, secretKey, NULL, MAX_UINT64, region, NULL, NULL,
                                                                                   NULL, endpoint, &clientCallbacks));
    CHK_STATUS(createStreamCallbacks(&streamCallbacks));
    streamCallbacks->fragmentAckReceivedFn = onAck;
    streamCallbacks->streamErrorReportFn = onError;
    CHK_STATUS(addStreamCallbacks(clientCallbacks, streamCallbacks));
    CHK_STATUS(createKinesisVideoClient(deviceInfo, clientCallbacks, &client));
    CHK_STATUS(createKinesisVideoStreamSync(client, streamInfo, &stream));

    frame.version = FRAME_CURRENT_VERSION;
    frame.trackId = DEFAULT_VIDEO_TRACK_ID;
    frame.frameData = frameBuffer;
    frame.duration = HUNDREDS_OF_NANOS_IN_A_SECOND / FRAMES_PER_SECOND;
    frame.decodingTs = GETTIME();
    frame.presentationTs = frame.decodingTs;
    stopTime = frame.decodingTs + seconds * HUNDREDS_OF_NANOS_IN_A_SECOND;
    firstFrameTime = frame.decodingTs;

    while (GETTIME() < stopTime) {
        frame.index = frames;
        frame.flags = fileIndex % KEY_FRAME_INTERVAL == 0 ? FRAME_FLAG_KEY_FRAME : FRAME_FLAG_NONE;
        CHK_STATUS(readFrame(&frame, argv[3], fileIndex, SIZEOF(frameBuffer)));
        if (frame.flags == FRAME_FLAG_KEY_FRAME && frames > 0) {
            CHK_STATUS(putKinesisVideoFrame(stream, &endOfFragment));
        }
        CHK_STATUS(putKinesisVideoFrame(stream, &frame));
        THREAD_SLEEP(frame.duration);
        frame.decodingTs += frame.duration;
        frame.presentationTs = frame.decodingTs;
        frames++;
        fileIndex = (fileIndex + 1) % FRAME_FILE_COUNT;
    }
    CHK_STATUS(putKinesisVideoFrame(stream, &endOfFragment));
    CHK_STATUS(stopKinesisVideoStreamSync(stream));

CleanUp:
    if (STATUS_FAILED(retStatus)) {
        printf("ERROR 0x%08x\n", retStatus);
        errorCount++;
    }
    printf("DONE frames=%u persisted=%u errors=%u\n", frames, persistedCount, errorCount);
    fflush(stdout);
    if (IS_VALID_STREAM_HANDLE(stream)) {
        freeKinesisVideoStream(&stream);
    }
    if (IS_VALID_CLIENT_HANDLE(client)) {
        freeKinesisVideoClient(&client);
    }
    if (streamInfo != NULL) {
        freeStreamInfoProvider(&streamInfo);
    }
    if (deviceInfo != NULL) {
        freeDeviceInfo(&deviceInfo);
    }
    if (clientCallbacks != NULL) {
        freeCallbacksProvider(&clientCallbacks);
    }
    return errorCount == 0 && persistedCount > 0 ? 0 : 1;
}
