-- CreateTable
CREATE TABLE "InboundReceipt" (
    "providerMessageId" TEXT NOT NULL,
    "channel" "Channel" NOT NULL,
    "address" TEXT NOT NULL,
    "calledNumber" TEXT,
    "body" TEXT NOT NULL,
    "optOutType" TEXT,
    "reference" TEXT NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL,
    "arrival" INTEGER NOT NULL,

    CONSTRAINT "InboundReceipt_pkey" PRIMARY KEY ("providerMessageId")
);

-- CreateIndex
CREATE INDEX "InboundReceipt_receivedAt_arrival_idx" ON "InboundReceipt"("receivedAt", "arrival");
